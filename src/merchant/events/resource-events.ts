import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, OrderLine, PaymentAttempt } from '../../db/schema.ts';
import {
  cardResource,
  loadOrderResource,
  loadPaymentResource,
  type OrderResource,
  orderResourcesOf,
  paymentResource,
  serviceResource,
} from '../public/resources.ts';
import type { StoredEvent } from './event-repository.ts';
import type { EventType } from './event-types.ts';
import { recordEvent } from './record-event.ts';

type Trx = Transaction<MerchantDatabase>;

/**
 * The events' `data`, by what they are about, read in the change's own transaction (so the snapshot is the state
 * the change committed) and built with src/merchant/public/resources.ts only. docs/webhooks.md lists which event
 * carries what.
 */
/**
 * The order an event is about: its id, or the order row and its lines as the change's transaction already holds
 * them, under the order's lock (the row as the change's own statement returned it), so that only its attempts and
 * refunds are read again.
 */
export type OrderOfEvent = number | { order: Order; lines: OrderLine[] };

export async function recordOrderEvent(trx: Trx, type: EventType, of: OrderOfEvent, at: Date): Promise<StoredEvent> {
  const order = await orderResourceOfEvent(trx, of);
  return recordEvent(trx, { type, objectId: order.id, data: { order }, at });
}

/** A service's event (`auto_renew.*`, `renewal.*`), with the order it concerns when there is one. */
export async function recordServiceEvent(
  trx: Trx,
  type: EventType,
  subscriptionId: number,
  at: Date,
  options: { order?: OrderOfEvent } = {},
): Promise<StoredEvent> {
  const row = await trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', subscriptionId)
    .executeTakeFirstOrThrow();
  const service = serviceResource(row);
  const order = options.order === undefined ? undefined : await orderResourceOfEvent(trx, options.order);
  return recordEvent(trx, { type, objectId: service.id, data: order ? { service, order } : { service }, at });
}

async function orderResourceOfEvent(trx: Trx, of: OrderOfEvent): Promise<OrderResource> {
  const order =
    typeof of === 'number'
      ? await loadOrderResource(trx, of)
      : (await orderResourcesOf(trx, [of.order], { lines: of.lines }))[0];
  if (!order) throw new Error(`order ${typeof of === 'number' ? of : of.order.id} not found for its event`);
  return order;
}

/** A card's event; `card.expiring` also names the services that would renew on it. */
export async function recordCardEvent(
  trx: Trx,
  type: EventType,
  cardId: number,
  at: Date,
  options: { subscriptionIds?: number[] } = {},
): Promise<StoredEvent> {
  const row = await trx.selectFrom('saved_cards').selectAll().where('id', '=', cardId).executeTakeFirstOrThrow();
  const card = cardResource(row);
  let data: Record<string, unknown> = { card };
  if (options.subscriptionIds) {
    const services =
      options.subscriptionIds.length === 0
        ? []
        : await trx
            .selectFrom('subscriptions')
            .selectAll()
            .where('id', 'in', options.subscriptionIds)
            .orderBy('id')
            .execute();
    data = { card, services: services.map(serviceResource) };
  }
  return recordEvent(trx, { type, objectId: card.id, data, at });
}

/** A payment's event, about the order it was for (its object is the order, so it keeps its place among the order's). */
export async function recordPaymentEvent(
  trx: Trx,
  type: EventType,
  attempt: PaymentAttempt,
  at: Date,
  /** More of what it is about (a refund's own resource for `payment.refunded` of a provider's refund). */
  extra: Record<string, unknown> = {},
): Promise<StoredEvent> {
  // Read back in this transaction: the attempt's new state and any refund written with it are part of the snapshot.
  const payment = (await loadPaymentResource(trx, attempt.id)) ?? paymentResource(attempt, []);
  const order = attempt.order_id === null ? null : await loadOrderResource(trx, attempt.order_id);
  return recordEvent(trx, { type, objectId: order?.id ?? payment.id, data: { payment, order, ...extra }, at });
}
