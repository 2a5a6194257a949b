import { type Kysely, sql, type Transaction } from 'kysely';
import type { MerchantDatabase, Order, OrderKind, OrderLine, OrderState } from '../../db/schema.ts';
import { checkOrderTransition } from './order-states.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewOrder {
  number: string;
  customerId: number;
  subscriptionId: number;
  kind: OrderKind;
  currency: string;
  periodYears: number;
  netCents: number;
  vatCents: number;
  totalCents: number;
  createdAt: Date;
  /** A promotion the order took when it was made (one without a code), and the history row's reason. */
  promotion?: { id: number; reason: string };
}

export interface NewLine {
  productCode: string;
  description: string;
  quantity: number;
  unitPriceCents: number;
  netCents: number;
  vatRateBp: number;
  /** The product's Natura, for a 0 % line. */
  vatNature?: string | null;
  vatCents: number;
  /** Off the line's gross: netCents = quantity × unitPriceCents − discountCents. */
  discountCents?: number;
}

export interface OrderWithLines {
  order: Order;
  lines: OrderLine[];
}

/** The sequence is shared by all years: numbers never repeat, and the year in front is the year the order was made. */
export async function nextOrderNumber(db: Db, year: number): Promise<string> {
  const { rows } = await sql<{ n: number }>`select nextval('order_number_seq')::int8 as n`.execute(db);
  return `ORD-${year}-${String(rows[0]!.n).padStart(6, '0')}`;
}

/** Inserts the order, its lines and its first history row; call inside a transaction. */
export async function insertOrder(
  trx: Transaction<MerchantDatabase>,
  order: NewOrder,
  lines: NewLine[],
): Promise<Order> {
  const inserted = await trx
    .insertInto('orders')
    .values({
      number: order.number,
      customer_id: order.customerId,
      subscription_id: order.subscriptionId,
      kind: order.kind,
      state: 'awaiting_payment',
      currency: order.currency,
      period_years: order.periodYears,
      net_cents: order.netCents,
      vat_cents: order.vatCents,
      total_cents: order.totalCents,
      created_at: order.createdAt,
      promotion_id: order.promotion?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('order_lines')
    .values(
      lines.map((line, index) => ({
        order_id: inserted.id,
        position: index + 1,
        product_code: line.productCode,
        description: line.description,
        quantity: line.quantity,
        unit_price_cents: line.unitPriceCents,
        net_cents: line.netCents,
        vat_rate_bp: line.vatRateBp,
        vat_nature: line.vatNature ?? null,
        vat_cents: line.vatCents,
        discount_cents: line.discountCents ?? 0,
      })),
    )
    .execute();
  await trx
    .insertInto('order_events')
    .values({
      order_id: inserted.id,
      from_state: null,
      to_state: 'awaiting_payment',
      reason: 'created',
      at: order.createdAt,
    })
    .execute();
  if (order.promotion) {
    await trx
      .insertInto('order_events')
      .values({
        order_id: inserted.id,
        from_state: 'awaiting_payment',
        to_state: 'awaiting_payment',
        reason: order.promotion.reason,
        at: order.createdAt,
      })
      .execute();
  }
  return inserted;
}

/** The service's orders, newest first, only when the service is the customer's. */
export async function listOrdersOfSubscription(db: Db, customerId: number, subscriptionId: number): Promise<Order[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One order by its number, only if it is the customer's: someone else's order looks exactly like a missing one. */
export async function findOrderOfCustomer(
  db: Db,
  customerId: number,
  number: string,
): Promise<OrderWithLines | undefined> {
  const order = await db
    .selectFrom('orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!order) return undefined;
  const lines = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', order.id)
    .orderBy('position')
    .execute();
  return { order, lines };
}

/** The customer's order by its number, locked for the rest of the transaction (first in LOCK_ORDER). */
export async function lockOrderOfCustomer(
  trx: Transaction<MerchantDatabase>,
  customerId: number,
  number: string,
): Promise<Order | undefined> {
  return trx
    .selectFrom('orders')
    .selectAll()
    .where('number', '=', number)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
}

/** Whether another order of the service than `orderId` awaits payment. */
export async function hasOtherAwaitingOrder(db: Db, subscriptionId: number, orderId: number): Promise<boolean> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('subscription_id', '=', subscriptionId)
    .where('state', '=', 'awaiting_payment')
    .where('id', '<>', orderId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findOrderById(db: Db, id: number): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrderEvents(db: Db, orderId: number) {
  return db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export interface OrderTransition {
  orderId: number;
  from: OrderState;
  to: OrderState;
  reason: string;
  at: Date;
}

export type TransitionResult =
  | { ok: true; order: Order }
  | { ok: false; reason: 'same_state' | 'not_allowed' | 'state_changed' };

/**
 * The only writer of `orders.state`. Compare-and-set on the expected `from` state, so that two requests racing to pay
 * or cancel the same order cannot both win; the loser gets `state_changed`. The history row is written in the same
 * transaction as the state.
 */
export async function transitionOrder(db: Db, change: OrderTransition): Promise<TransitionResult> {
  const check = checkOrderTransition(change.from, change.to);
  if (!check.ok) return check;
  const run = async (trx: Transaction<MerchantDatabase>): Promise<TransitionResult> => {
    // The compare-and-set and its history row in one statement (written from what the update moved).
    const order = await trx
      .with('moved', (qb) =>
        qb
          .updateTable('orders')
          .set({
            state: change.to,
            ...(change.to === 'paid' ? { paid_at: change.at } : {}),
            ...(change.to === 'cancelled' ? { cancelled_at: change.at } : {}),
            // "Riattiva": a cancelled order awaiting payment again is no longer cancelled.
            ...(change.from === 'cancelled' ? { cancelled_at: null } : {}),
          })
          .where('id', '=', change.orderId)
          .where('state', '=', change.from)
          .returningAll(),
      )
      .with('logged', (qb) =>
        qb
          .insertInto('order_events')
          .columns(['order_id', 'from_state', 'to_state', 'reason', 'at'])
          .expression((eb) =>
            eb
              .selectFrom('moved')
              .select((m) => [
                'moved.id',
                m.val(change.from).as('from_state'),
                'moved.state',
                m.val(change.reason).as('reason'),
                sql<Date>`cast(${change.at} as timestamptz)`.as('at'),
              ]),
          )
          .returning('order_events.id'),
      )
      .selectFrom('moved')
      .selectAll()
      .executeTakeFirst();
    if (!order) return { ok: false, reason: 'state_changed' };
    return { ok: true, order };
  };
  return db.isTransaction ? run(db as Transaction<MerchantDatabase>) : db.transaction().execute(run);
}

/** A customer's orders, newest first, with the label of their service: e.g. to pick one in a form. */
export async function listOrdersOfCustomer(
  db: Db,
  customerId: number,
  limit = 50,
): Promise<Array<{ number: string; state: OrderState; subscriptionLabel: string; productCode: string }>> {
  const rows = await db
    .selectFrom('orders')
    .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
    .select(['orders.number', 'orders.state', 'subscriptions.label', 'subscriptions.product_code'])
    .where('orders.customer_id', '=', customerId)
    .orderBy('orders.created_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    number: row.number,
    state: row.state,
    subscriptionLabel: row.label,
    productCode: row.product_code,
  }));
}
