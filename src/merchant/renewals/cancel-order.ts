import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { transitionOrder } from '../orders/order-repository.ts';
import { transitionRenewal } from './renewal-repository.ts';

export type CancelResult =
  | { ok: true; subscriptionId: number }
  | { ok: false; reason: 'unknown_order' | 'not_awaiting_payment' };

/**
 * "Annulla" on an order awaiting payment (e.g. a renewal that failed). The order row is locked, so a payment being
 * recorded at the same moment either comes first (the order is paid: refused) or finds it cancelled (and refunds).
 * A renewal owning the order is closed with it.
 */
export async function cancelAwaitingOrder(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  input: { customerId: number; orderNumber: string },
): Promise<CancelResult> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .selectAll()
      .where('number', '=', input.orderNumber)
      .where('customer_id', '=', input.customerId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) return { ok: false, reason: 'unknown_order' } as const;
    if (order.state !== 'awaiting_payment') return { ok: false, reason: 'not_awaiting_payment' } as const;
    const at = deps.clock.now();
    const moved = await transitionOrder(trx, {
      orderId: order.id,
      from: 'awaiting_payment',
      to: 'cancelled',
      reason: 'cancelled by the customer',
      at,
    });
    if (!moved.ok) return { ok: false, reason: 'not_awaiting_payment' } as const;
    const renewal = await trx
      .selectFrom('renewals')
      .selectAll()
      .where('order_id', '=', order.id)
      .forUpdate()
      .executeTakeFirst();
    if (renewal) await transitionRenewal(trx, { renewal, to: 'closed', reason: 'order cancelled by the customer', at });
    return { ok: true, subscriptionId: order.subscription_id } as const;
  });
}
