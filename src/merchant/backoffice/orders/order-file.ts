import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  Customer,
  EmailOutboxTable,
  GatewayEventsTable,
  MerchantDatabase,
  Order,
  OrderLine,
  PaymentAttempt,
  Refund,
  Renewal,
  Subscription,
} from '../../../db/schema.ts';
import { type AuditEntry, listAuditEntriesOf } from '../../audit/audit-repository.ts';

type Db = Kysely<MerchantDatabase>;

interface StateChange<State> {
  from: State | null;
  to: State;
  reason: string;
  at: Date;
}

export type OrderEmail = Pick<
  Selectable<EmailOutboxTable>,
  'id' | 'template' | 'to_address' | 'status' | 'attempts' | 'last_error' | 'created_at' | 'sent_at'
>;

export type GatewayNotice = Pick<Selectable<GatewayEventsTable>, 'event_id' | 'type' | 'bank_session_id'> & {
  received_at: Date;
  processed_at: Date | null;
};

/**
 * Everything Cassa knows about one order, as the order page shows it: the order and its lines, the customer and the
 * service, every payment attempt with its state changes, refunds, the bank's notifications, renewals, the emails
 * about it and the operators' actions. Read from our own tables; the bank's live view is fetched apart
 * (order-bank-status.ts), so a bank that does not answer never hides what we know.
 */
export interface OrderFile {
  order: Order;
  lines: OrderLine[];
  customer: Pick<Customer, 'id' | 'name' | 'email' | 'locale'>;
  service: Pick<Subscription, 'id' | 'label' | 'product_code' | 'status' | 'expires_on' | 'auto_renew'>;
  orderChanges: StateChange<Order['state']>[];
  attempts: (PaymentAttempt & { changes: StateChange<PaymentAttempt['status']>[] })[];
  refunds: Refund[];
  notifications: GatewayNotice[];
  renewals: (Renewal & { changes: StateChange<Renewal['status']>[] })[];
  emails: OrderEmail[];
  audit: AuditEntry[];
}

const groupBy = <Row, Key>(rows: readonly Row[], key: (row: Row) => Key) => {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

const statusChange = <State>(e: { from_status: State | null; to_status: State; reason: string; at: Date }) => ({
  from: e.from_status,
  to: e.to_status,
  reason: e.reason,
  at: e.at,
});

/** The order of `number` with all it went through, or null for a number that is not one. */
export async function loadOrderFile(db: Db, number: string): Promise<OrderFile | null> {
  const order = await db.selectFrom('orders').selectAll().where('number', '=', number).executeTakeFirst();
  if (!order) return null;
  const orderId = Number(order.id);
  const [lines, customer, service, orderEvents, attempts, refunds, renewals, emails, audit] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute(),
    db
      .selectFrom('customers')
      .select(['id', 'name', 'email', 'locale'])
      .where('id', '=', order.customer_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('subscriptions')
      .select(['id', 'label', 'product_code', 'status', 'expires_on', 'auto_renew'])
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
    db.selectFrom('payment_attempts').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
    db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
    db.selectFrom('renewals').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
    // Every email about an order names it (email-messages.ts): the customer's own, by the number in its data.
    db
      .selectFrom('email_outbox')
      .select(['id', 'template', 'to_address', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
      .where('customer_id', '=', order.customer_id)
      .where(sql<string>`data->>'orderNumber'`, '=', order.number)
      .orderBy('id')
      .execute(),
    listAuditEntriesOf(db, { orderId }),
  ]);
  const attemptIds = attempts.map((a) => Number(a.id));
  const sessionIds = attempts.flatMap((a) => (a.bank_session_id ? [a.bank_session_id] : []));
  const renewalIds = renewals.map((r) => Number(r.id));
  const [attemptEvents, notifications, renewalEvents] = await Promise.all([
    attemptIds.length === 0
      ? []
      : db
          .selectFrom('payment_attempt_events')
          .selectAll()
          .where('attempt_id', 'in', attemptIds)
          .orderBy('id')
          .execute(),
    sessionIds.length === 0
      ? []
      : db
          .selectFrom('gateway_events')
          .select(['event_id', 'type', 'bank_session_id', 'received_at', 'processed_at'])
          .where('bank_session_id', 'in', sessionIds)
          .orderBy('received_at')
          .execute(),
    renewalIds.length === 0
      ? []
      : db.selectFrom('renewal_events').selectAll().where('renewal_id', 'in', renewalIds).orderBy('id').execute(),
  ]);
  const eventsOfAttempt = groupBy(attemptEvents, (e) => Number(e.attempt_id));
  const eventsOfRenewal = groupBy(renewalEvents, (e) => Number(e.renewal_id));
  return {
    order,
    lines,
    customer,
    service,
    orderChanges: orderEvents.map((e) => ({ from: e.from_state, to: e.to_state, reason: e.reason, at: e.at })),
    attempts: attempts.map((a) => ({
      ...a,
      changes: (eventsOfAttempt.get(Number(a.id)) ?? []).map(statusChange),
    })),
    refunds,
    notifications,
    renewals: renewals.map((r) => ({
      ...r,
      changes: (eventsOfRenewal.get(Number(r.id)) ?? []).map(statusChange),
    })),
    emails,
    audit,
  };
}

const TAKEN: readonly PaymentAttempt['status'][] = ['captured', 'refunded'];

/** What was taken for the order, given back, still on its way back, and what may still be refunded. */
export function moneyOf(file: OrderFile) {
  const taken = file.attempts.filter((a) => TAKEN.includes(a.status));
  const sum = (cents: readonly number[]) => cents.reduce((a, b) => a + b, 0);
  return {
    capturedCents: sum(taken.map((a) => a.amount_cents)),
    refundedCents: sum(file.refunds.filter((r) => r.status === 'succeeded').map((r) => r.amount_cents)),
    pendingRefundCents: sum(file.refunds.filter((r) => r.status === 'pending').map((r) => r.amount_cents)),
    refundableCents: sum(taken.filter((a) => a.status === 'captured').map((a) => a.amount_cents - a.refund_held_cents)),
  };
}

/** Per attempt, what we hold as taken and refunded: what the bank's own figures are compared with. */
export function ourFiguresOf(file: OrderFile, attemptId: number) {
  const attempt = file.attempts.find((a) => Number(a.id) === attemptId);
  const refunded = file.refunds
    .filter((r) => Number(r.attempt_id) === attemptId && r.status === 'succeeded')
    .reduce((sum, r) => sum + r.amount_cents, 0);
  return {
    attempt,
    capturedCents: attempt && TAKEN.includes(attempt.status) ? attempt.amount_cents : 0,
    refundedCents: refunded,
  };
}
