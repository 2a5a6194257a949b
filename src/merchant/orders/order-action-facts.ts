import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Order, Subscription } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import type { Clock } from '../../shared/clock.ts';
import { hasPaymentInProgress } from '../payments/attempt-repository.ts';
import { hasOtherAwaitingOrder } from './order-repository.ts';
import type { OrderActionFacts } from './order-states.ts';

/**
 * What checkCustomerOrderAction needs. The use cases read it inside their transaction after locking the order (a
 * payment starting at the same moment takes the order's lock too, so the answer cannot change before the commit);
 * pages read it without a lock, only to choose what to offer.
 */
export async function orderActionFacts(
  trx: Kysely<MerchantDatabase> | Transaction<MerchantDatabase>,
  order: Order,
  subscription: Pick<Subscription, 'status' | 'expires_on'>,
  time: { clock: Clock; timeZone: string },
): Promise<OrderActionFacts> {
  // One after the other: a transaction is one connection.
  const paymentInProgress = await hasPaymentInProgress(trx, order.id);
  const otherOrderAwaiting = await hasOtherAwaitingOrder(trx, order.subscription_id, order.id);
  return {
    order,
    service: subscription,
    paymentInProgress,
    otherOrderAwaiting,
    today: businessDate(time.clock.now(), time.timeZone),
  };
}
