import type { Kysely } from 'kysely';
import type { MerchantDatabase, OrderState } from '../../db/schema.ts';
import type { StoredEvent } from '../events/event-repository.ts';
import { type OrderResource, orderResourcesOf, type PaymentResource, paymentResourcesOf } from '../public/resources.ts';

type Db = Kysely<MerchantDatabase>;

/**
 * The API's lists, SQL only: newest first by id, `limit + 1` rows (the extra one says there is more), the rows before
 * the cursor's id. Built into resources by the routes, through src/merchant/public/resources.ts.
 */
export interface PageInput {
  limit: number;
  /** Only rows with an id below this one (the `starting_after` of the previous page). */
  beforeId?: number | undefined;
}

export async function listCustomersPage(db: Db, input: PageInput & { email?: string | undefined }) {
  let query = db.selectFrom('customers').selectAll();
  if (input.email !== undefined) {
    const email = input.email.trim().toLowerCase();
    query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', email));
  }
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

export async function listSubscriptionsPage(db: Db, input: PageInput & { customerId?: number | undefined }) {
  let query = db.selectFrom('subscriptions').selectAll();
  if (input.customerId !== undefined) query = query.where('customer_id', '=', input.customerId);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

export interface OrderFilter {
  customerId?: number | undefined;
  state?: OrderState | undefined;
  /** Created at or after. */
  createdFrom?: Date | undefined;
  /** Created before. */
  createdTo?: Date | undefined;
}

/** Orders with their lines and attempts, in three queries whatever the page size (no query per order). */
export async function listOrdersPage(db: Db, input: PageInput & OrderFilter): Promise<OrderResource[]> {
  let query = db.selectFrom('orders').selectAll();
  if (input.customerId !== undefined) query = query.where('customer_id', '=', input.customerId);
  if (input.state !== undefined) query = query.where('state', '=', input.state);
  if (input.createdFrom !== undefined) query = query.where('created_at', '>=', input.createdFrom);
  if (input.createdTo !== undefined) query = query.where('created_at', '<', input.createdTo);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  const orders = await query
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  return orderResourcesOf(db, orders);
}

/** Payments with their refunds, in two queries whatever the page size. */
export async function listPaymentsPage(
  db: Db,
  input: PageInput & { customerId?: number | undefined; orderId?: number | undefined },
): Promise<PaymentResource[]> {
  let query = db.selectFrom('payment_attempts').selectAll();
  if (input.customerId !== undefined) query = query.where('customer_id', '=', input.customerId);
  if (input.orderId !== undefined) query = query.where('order_id', '=', input.orderId);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  const attempts = await query
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  return paymentResourcesOf(db, attempts);
}

/** Saved cards still on file (a removed card is gone for the API, as for the page). */
export async function listCardsPage(db: Db, input: PageInput & { customerId?: number | undefined }) {
  let query = db.selectFrom('saved_cards').selectAll().where('removed_at', 'is', null);
  if (input.customerId !== undefined) query = query.where('customer_id', '=', input.customerId);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

/** Events newest first by `seq` (the order they were written in), before the cursor event's seq. */
export async function listEventsPage(
  db: Db,
  input: { limit: number; beforeSeq?: number | undefined; type?: string | undefined },
): Promise<StoredEvent[]> {
  let query = db.selectFrom('events').selectAll();
  if (input.type !== undefined) query = query.where('type', '=', input.type);
  if (input.beforeSeq !== undefined) query = query.where('seq', '<', input.beforeSeq);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(input.limit + 1)
    .execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    id: row.id,
    type: row.type as StoredEvent['type'],
    objectId: row.object_id,
    data: row.data,
    createdAt: row.created_at,
  }));
}
