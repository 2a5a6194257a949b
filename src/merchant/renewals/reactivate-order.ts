import { orderActionFacts } from '../orders/order-action-facts.ts';
import { lockOrderOfCustomer, transitionOrder } from '../orders/order-repository.ts';
import { checkCustomerOrderAction } from '../orders/order-states.ts';
import type { OrderActionDeps, OrderActionResult } from './cancel-order.ts';

/**
 * "Riattiva" on a cancelled renewal order: back to awaiting payment, with its lines and total unchanged, while the
 * rules of CUSTOMER_ORDER_ACTIONS allow it (the service still running, no other order of it awaiting payment). The
 * renewal that owned the order stays closed: the engine does not charge it again; the customer pays it with "Paga".
 */
export async function reactivateOrder(
  deps: OrderActionDeps,
  input: { customerId: number; orderNumber: string },
): Promise<OrderActionResult> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await lockOrderOfCustomer(trx, input.customerId, input.orderNumber);
    if (!order) return { ok: false, reason: 'unknown_order' } as const;
    // The service row is locked too, so that two orders of one service cannot be reactivated side by side.
    const subscription = await trx
      .selectFrom('subscriptions')
      .select(['status', 'expires_on'])
      .where('id', '=', order.subscription_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const check = checkCustomerOrderAction('reactivate', await orderActionFacts(trx, order, subscription, deps));
    if (!check.ok) return check;
    const moved = await transitionOrder(trx, {
      orderId: order.id,
      from: order.state,
      to: check.to,
      reason: 'reactivated by the customer',
      at: deps.clock.now(),
    });
    if (!moved.ok) return { ok: false, reason: 'wrong_state' } as const;
    return { ok: true, subscriptionId: order.subscription_id } as const;
  });
}
