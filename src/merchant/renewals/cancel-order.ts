import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { recordOrderEvent } from '../events/resource-events.ts';
import { orderActionFacts } from '../orders/order-action-facts.ts';
import { lockOrderOfCustomer, transitionOrder } from '../orders/order-repository.ts';
import { checkCustomerOrderAction, type OrderActionRefusal } from '../orders/order-states.ts';
import { transitionRenewal } from './renewal-repository.ts';

export type OrderActionResult =
  | { ok: true; subscriptionId: number }
  | { ok: false; reason: 'unknown_order' | OrderActionRefusal };

export interface OrderActionDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  /** config.businessTimeZone: "today" for the rules of orders/order-states.ts. */
  timeZone: string;
}

/**
 * "Conferma annullamento" on an order awaiting payment (e.g. a renewal that failed), under the rules of
 * CUSTOMER_ORDER_ACTIONS. The order row is locked first (LOCK_ORDER in orders/mark-order-paid.ts), and a payment
 * starting or being recorded takes the same lock: it either comes first (an open attempt or a paid order: refused)
 * or finds the order cancelled (and is refused, or voided/refunded). A renewal owning the order is closed with it.
 */
export async function cancelAwaitingOrder(
  deps: OrderActionDeps,
  input: { customerId: number; orderNumber: string; cancelledBy?: 'customer' | 'operator' },
): Promise<OrderActionResult> {
  const who = input.cancelledBy === 'operator' ? 'an operator' : 'the customer';
  return deps.db.transaction().execute(async (trx) => {
    const order = await lockOrderOfCustomer(trx, input.customerId, input.orderNumber);
    if (!order) return { ok: false, reason: 'unknown_order' } as const;
    const subscription = await trx
      .selectFrom('subscriptions')
      .select(['status', 'expires_on'])
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    const check = checkCustomerOrderAction('cancel', await orderActionFacts(trx, order, subscription, deps));
    if (!check.ok) return check;
    const at = deps.clock.now();
    const moved = await transitionOrder(trx, {
      orderId: order.id,
      from: order.state,
      to: check.to,
      reason: `cancelled by ${who}`,
      at,
    });
    if (!moved.ok) return { ok: false, reason: 'wrong_state' } as const;
    await recordOrderEvent(trx, 'order.cancelled', order.id, at);
    const renewal = await trx
      .selectFrom('renewals')
      .selectAll()
      .where('order_id', '=', order.id)
      .forUpdate()
      .executeTakeFirst();
    if (renewal && renewal.status !== 'closed') {
      await transitionRenewal(trx, { renewal, to: 'closed', reason: `order cancelled by ${who}`, at });
    }
    return { ok: true, subscriptionId: order.subscription_id } as const;
  });
}
