import type { Kysely, Transaction } from 'kysely';
import type {
  Customer,
  MerchantDatabase,
  Order,
  OrderLine,
  PaymentAttempt,
  Product,
  Refund,
  SavedCard,
  Subscription,
} from '../../db/schema.ts';
import { publicId, publicProductCode } from './public-ids.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/**
 * How Cassa's things look from outside: the REST API's bodies and the webhook events' `data` are built here and only
 * here, so an `order.paid` event carries exactly what `GET /api/v1/orders/:id` answers. Money is integer cents with a
 * currency, timestamps ISO 8601 in UTC, business dates `YYYY-MM-DD`. Never a card number, a CVV, a bank token or a
 * password hash.
 */
export interface CustomerResource {
  id: string;
  object: 'customer';
  email: string;
  name: string;
  locale: 'it' | 'en';
  phone: string | null;
  created_at: string;
}

export function customerResource(row: Customer): CustomerResource {
  return {
    id: publicId('customer', row.id),
    object: 'customer',
    email: row.email,
    name: row.name,
    locale: row.locale,
    phone: row.phone,
    created_at: row.created_at.toISOString(),
  };
}

export interface ProductResource {
  code: string;
  object: 'product';
  names: { it: string; en: string };
  yearly_price_cents: number;
  currency: 'EUR';
  /** Basis points: 2200 is 22%. */
  vat_rate_bp: number;
  auto_renew_available: boolean;
}

export function productResource(row: Product): ProductResource {
  return {
    code: publicProductCode(row.code),
    object: 'product',
    names: { it: row.name_it, en: row.name_en },
    yearly_price_cents: row.yearly_price_cents,
    currency: 'EUR',
    vat_rate_bp: row.vat_rate_bp,
    auto_renew_available: row.auto_renew_available,
  };
}

export interface ServiceResource {
  id: string;
  object: 'service';
  customer: string;
  product_code: string;
  label: string;
  status: Subscription['status'];
  activated_on: string | null;
  expires_on: string | null;
  renewal_period_years: number;
  auto_renew: { enabled: boolean; card: string | null };
  created_at: string;
}

export function serviceResource(row: Subscription): ServiceResource {
  return {
    id: publicId('service', row.id),
    object: 'service',
    customer: publicId('customer', row.customer_id),
    product_code: publicProductCode(row.product_code),
    label: row.label,
    status: row.status,
    activated_on: row.activated_on,
    expires_on: row.expires_on,
    renewal_period_years: row.renewal_period_years,
    auto_renew: {
      enabled: row.auto_renew,
      card: row.auto_renew && row.auto_renew_card_id !== null ? publicId('card', row.auto_renew_card_id) : null,
    },
    created_at: row.created_at.toISOString(),
  };
}

export interface CardResource {
  id: string;
  object: 'card';
  customer: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
  is_default: boolean;
  created_at: string;
}

export function cardResource(row: SavedCard): CardResource {
  return {
    id: publicId('card', row.id),
    object: 'card',
    customer: publicId('customer', row.customer_id),
    brand: row.brand,
    last4: row.last4,
    exp_month: row.exp_month,
    exp_year: row.exp_year,
    holder: row.holder,
    is_default: row.is_default,
    created_at: row.created_at.toISOString(),
  };
}

export interface PaymentResource {
  id: string;
  object: 'payment';
  order: string | null;
  customer: string;
  purpose: PaymentAttempt['purpose'];
  status: PaymentAttempt['status'];
  amount_cents: number;
  currency: string;
  card: { brand: string; last4: string } | null;
  authorization_code: string | null;
  decline_reason: string | null;
  /** What the succeeded refunds gave back, out of `amount_cents`. */
  amount_refunded_cents: number;
  /** Every refund asked for, oldest first, whatever its status (a failed one says why). */
  refunds: RefundResource[];
  created_at: string;
  completed_at: string | null;
}

export interface RefundResource {
  id: string;
  object: 'refund';
  payment: string;
  order: string;
  amount_cents: number;
  currency: string;
  reason: string;
  /** `pending`: asked of the bank, its answer not in yet (retried by a job); `failed`: see `failure_reason`. */
  status: Refund['status'];
  failure_reason: string | null;
  created_at: string;
  completed_at: string | null;
}

export function refundResource(row: Refund, payment: Pick<PaymentAttempt, 'public_id'>): RefundResource {
  return {
    id: publicId('refund', row.id),
    object: 'refund',
    payment: payment.public_id,
    order: publicId('order', row.order_id),
    amount_cents: row.amount_cents,
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    failure_reason: row.failure_reason,
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}

/**
 * A payment with its refunds: pass every refund of the payment (or of several payments: those of others are left
 * out), as {@link loadPaymentResource} and {@link loadOrderResource} do.
 */
export function paymentResource(row: PaymentAttempt, refunds: readonly Refund[]): PaymentResource {
  const own = refunds
    .filter((r) => Number(r.attempt_id) === Number(row.id))
    .sort((a, b) => Number(a.id) - Number(b.id));
  return {
    id: row.public_id,
    object: 'payment',
    order: row.order_id === null ? null : publicId('order', row.order_id),
    customer: publicId('customer', row.customer_id),
    purpose: row.purpose,
    status: row.status,
    amount_cents: row.amount_cents,
    currency: row.currency,
    card: row.card_brand && row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    authorization_code: row.authorization_code,
    decline_reason: row.decline_reason,
    amount_refunded_cents: own.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount_cents, 0),
    refunds: own.map((r) => refundResource(r, row)),
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}

export interface OrderLineResource {
  product_code: string;
  description: string;
  quantity: number;
  unit_price_cents: number;
  discount_cents: number;
  net_cents: number;
  vat_rate_bp: number;
  vat_cents: number;
}

export interface OrderResource {
  id: string;
  object: 'order';
  number: string;
  customer: string;
  service: string;
  kind: Order['kind'];
  state: Order['state'];
  currency: string;
  period_years: number;
  net_cents: number;
  vat_cents: number;
  total_cents: number;
  lines: OrderLineResource[];
  /** The payment that paid it (captured, or refunded since), null while it waits. */
  payment: PaymentResource | null;
  /** Every try at paying it, so an integrator can tell "never tried" from "tried and declined". */
  attempts: { count: number; last_status: PaymentAttempt['status'] | null };
  created_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
}

/** Statuses an order payment is in once its money was taken (captured; refunded, wholly or in part, later). */
const TAKEN = new Set<PaymentAttempt['status']>(['captured', 'authorized', 'refund_pending', 'refunded']);

export function orderResource(
  order: Order,
  lines: OrderLine[],
  attempts: PaymentAttempt[],
  refunds: readonly Refund[],
): OrderResource {
  const payments = attempts.filter((a) => a.purpose === 'order_payment' || a.purpose === 'renewal_charge');
  const paid = order.state === 'paid' ? payments.find((a) => TAKEN.has(a.status)) : undefined;
  const last = payments.at(-1);
  return {
    id: publicId('order', order.id),
    object: 'order',
    number: order.number,
    customer: publicId('customer', order.customer_id),
    service: publicId('service', order.subscription_id),
    kind: order.kind,
    state: order.state,
    currency: order.currency,
    period_years: order.period_years,
    net_cents: order.net_cents,
    vat_cents: order.vat_cents,
    total_cents: order.total_cents,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        product_code: publicProductCode(l.product_code),
        description: l.description,
        quantity: l.quantity,
        unit_price_cents: l.unit_price_cents,
        discount_cents: l.discount_cents,
        net_cents: l.net_cents,
        vat_rate_bp: l.vat_rate_bp,
        vat_cents: l.vat_cents,
      })),
    payment: paid ? paymentResource(paid, refunds) : null,
    attempts: { count: payments.length, last_status: last?.status ?? null },
    created_at: order.created_at.toISOString(),
    paid_at: order.paid_at?.toISOString() ?? null,
    cancelled_at: order.cancelled_at?.toISOString() ?? null,
  };
}

/** Reads an order with its lines and attempts, in the caller's transaction when given one (for an event's snapshot). */
export async function loadOrderResource(db: Db, orderId: number): Promise<OrderResource | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  return order ? (await orderResourcesOf(db, [order]))[0] : undefined;
}

/**
 * Orders as resources, with their lines, attempts and refunds in three queries whatever their number (one order for
 * an event's snapshot, a page for the API's list). Sequential, so it runs inside the caller's transaction too.
 * `lines`: every line of these orders, when the caller has read them in this transaction under the orders' row locks
 * (a discount code rewrites lines under the same lock, promotions/apply-promotion-code.ts), so they are not read twice.
 */
export async function orderResourcesOf(
  db: Db,
  orders: readonly Order[],
  known: { lines?: readonly OrderLine[] } = {},
): Promise<OrderResource[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const lines = known.lines ?? (await db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).execute());
  const attempts = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('order_id', 'in', ids)
    .orderBy('id')
    .execute();
  const refunds = await db.selectFrom('refunds').selectAll().where('order_id', 'in', ids).orderBy('id').execute();
  return orders.map((order) =>
    orderResource(
      order,
      lines.filter((l) => l.order_id === order.id),
      attempts.filter((a) => a.order_id === order.id),
      refunds.filter((r) => r.order_id === order.id),
    ),
  );
}

/** Reads a payment with its refunds, in the caller's transaction when given one (for an event's snapshot). */
export async function loadPaymentResource(db: Db, attemptId: number): Promise<PaymentResource | undefined> {
  const attempt = await db.selectFrom('payment_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  return attempt ? (await paymentResourcesOf(db, [attempt]))[0] : undefined;
}

/** Payments as resources, with their refunds in one more query whatever their number. */
export async function paymentResourcesOf(db: Db, attempts: readonly PaymentAttempt[]): Promise<PaymentResource[]> {
  if (attempts.length === 0) return [];
  const ids = attempts.map((a) => a.id);
  const refunds = await db.selectFrom('refunds').selectAll().where('attempt_id', 'in', ids).orderBy('id').execute();
  return attempts.map((attempt) => paymentResource(attempt, refunds));
}

export interface EventResource {
  id: string;
  object: 'event';
  type: string;
  created_at: string;
  /** `{ order: OrderResource }`, `{ service: ServiceResource }`, …: the snapshot taken when it happened. */
  data: Record<string, unknown>;
}

/** An event as the API lists it and a webhook delivers it. */
export function eventResource(event: {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}): EventResource {
  return {
    id: event.id,
    object: 'event',
    type: event.type,
    created_at: event.createdAt.toISOString(),
    data: event.data,
  };
}
