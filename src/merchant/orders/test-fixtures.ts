import type { Kysely } from 'kysely';
import type { MerchantDatabase, Subscription } from '../../db/schema.ts';
import { insertProductIfMissing } from '../catalog/product-repository.ts';
import { insertCustomer } from '../customers/customer-repository.ts';
import { DEMO_PRODUCTS } from '../demo/demo-catalog.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';

let counter = 0;

/** Test support: a new customer with one active service of `productCode`, isolated from other tests' rows. */
export async function customerWithService(
  db: Kysely<MerchantDatabase>,
  productCode = 'pec',
): Promise<{ customerId: number; subscription: Subscription }> {
  for (const product of DEMO_PRODUCTS) await insertProductIfMissing(db, product);
  counter += 1;
  const customer = await insertCustomer(db, {
    email: `customer-${process.pid}-${Date.now()}-${counter}@example.com`,
    passwordHash: 'not-a-hash',
    name: `Customer ${counter}`,
    locale: 'it',
  });
  const subscription = await insertSubscription(db, {
    customerId: customer.id,
    productCode,
    label: `box-${counter}@pec.example.it`,
    status: 'active',
    activatedOn: '2026-01-10',
    expiresOn: '2027-01-10',
  });
  return { customerId: customer.id, subscription };
}
