import type { Kysely } from 'kysely';
import type { MerchantDatabase, Subscription } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { findProduct } from '../catalog/product-repository.ts';
import { findCustomerById } from '../customers/customer-repository.ts';
import { insertSubscription } from './subscription-repository.ts';

export type CreateSubscriptionResult =
  | { ok: true; subscription: Subscription }
  | { ok: false; reason: 'unknown_customer' | 'unknown_product' | 'expiry_before_activation' };

/**
 * A service the provider's systems record for a customer (REST API): active when it has both an activation and an
 * expiry date, pending (to be activated by its first paid order) otherwise. Automatic renewal starts off: only the
 * customer switches it on, by paying with a card in Area Clienti.
 */
export async function createSubscription(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  input: {
    customerId: number;
    productCode: string;
    label: string;
    renewalPeriodYears: number;
    activatedOn: string | null;
    expiresOn: string | null;
  },
): Promise<CreateSubscriptionResult> {
  if (input.activatedOn !== null && input.expiresOn !== null && input.expiresOn <= input.activatedOn) {
    return { ok: false, reason: 'expiry_before_activation' };
  }
  return deps.db.transaction().execute(async (trx) => {
    if (!(await findCustomerById(trx, input.customerId))) return { ok: false, reason: 'unknown_customer' } as const;
    if (!(await findProduct(trx, input.productCode))) return { ok: false, reason: 'unknown_product' } as const;
    const subscription = await insertSubscription(trx, {
      customerId: input.customerId,
      productCode: input.productCode,
      label: input.label,
      status: input.activatedOn !== null && input.expiresOn !== null ? 'active' : 'pending',
      activatedOn: input.activatedOn,
      expiresOn: input.expiresOn,
      renewalPeriodYears: input.renewalPeriodYears,
      createdAt: deps.clock.now(),
    });
    return { ok: true, subscription } as const;
  });
}
