import type { Kysely } from 'kysely';
import type {
  MerchantDatabase,
  Order,
  OrderKind,
  PaymentAttempt,
  PaymentPurpose,
  Product,
  SavedCard,
  Subscription,
} from '../../db/schema.ts';
import { OPEN_ATTEMPT_STATUSES } from './attempt-states.ts';

type Db = Kysely<MerchantDatabase>;

/** An order awaiting payment as the Pagamenti panel and Area Clienti's "Da pagare" list it. */
export interface AwaitingOrder {
  id: number;
  number: string;
  kind: OrderKind;
  subscriptionId: number;
  label: string;
  productCode: string;
  createdAt: Date;
  totalCents: number;
}

export async function listAwaitingOrders(db: Db, customerId: number): Promise<AwaitingOrder[]> {
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
    .select([
      'o.id',
      'o.number',
      'o.kind',
      'o.subscription_id',
      's.label',
      's.product_code',
      'o.created_at',
      'o.total_cents',
    ])
    .where('o.customer_id', '=', customerId)
    .where('o.state', '=', 'awaiting_payment')
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    subscriptionId: r.subscription_id,
    label: r.label,
    productCode: r.product_code,
    createdAt: r.created_at,
    totalCents: r.total_cents,
  }));
}

/** An order with its service and that service's product, as the payment pages show it. */
export interface OrderWithService {
  order: Order;
  subscription: Subscription;
  product: Product;
}

/** One of the customer's orders with its service and product (undefined for anyone else's), in one statement. */
export async function findOrderForPayment(
  db: Db,
  customerId: number,
  number: string,
): Promise<OrderWithService | undefined> {
  const row = await selectOrderWithService(db)
    .where('o.customer_id', '=', customerId)
    .where('o.number', '=', number)
    .executeTakeFirst();
  return row && toOrderWithService(row);
}

/** The card page's order: with its service and product, and the order's open attempt if one is under way. */
export interface OrderForCardPage extends OrderWithService {
  openAttempt: { publicId: string; purpose: PaymentPurpose } | undefined;
}

/**
 * One of the customer's orders for the card page, in one statement: the open attempt comes from a left join, which
 * matches at most one row because an order has at most one open attempt (`payment_attempts_one_open_idx`).
 */
export async function findOrderForCardPage(
  db: Db,
  customerId: number,
  number: string,
): Promise<OrderForCardPage | undefined> {
  const row = await selectOrderWithService(db)
    .leftJoin('payment_attempts as a', (join) =>
      join.onRef('a.order_id', '=', 'o.id').on('a.status', 'in', OPEN_ATTEMPT_STATUSES),
    )
    .select(['a.public_id as open_attempt_public_id', 'a.purpose as open_attempt_purpose'])
    .where('o.customer_id', '=', customerId)
    .where('o.number', '=', number)
    .executeTakeFirst();
  if (!row) return undefined;
  const { open_attempt_public_id, open_attempt_purpose, ...order } = row;
  return {
    ...toOrderWithService(order),
    openAttempt:
      open_attempt_public_id !== null && open_attempt_purpose !== null
        ? { publicId: open_attempt_public_id, purpose: open_attempt_purpose }
        : undefined,
  };
}

/** What the result page shows about an attempt: only the customer's own. */
export interface AttemptView {
  attempt: PaymentAttempt;
  order: Order;
  subscription: Subscription;
  product: Product;
  autoRenewCard: SavedCard | undefined;
}

export async function findAttemptView(db: Db, customerId: number, publicId: string): Promise<AttemptView | undefined> {
  const attempt = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('public_id', '=', publicId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return attempt && attemptView(db, attempt);
}

/** What a guest session sees of an attempt: only one of the order it was opened for ("Paga subito un ordine"). */
export async function findAttemptViewOfOrder(
  db: Db,
  orderId: number,
  publicId: string,
): Promise<AttemptView | undefined> {
  const attempt = await db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('public_id', '=', publicId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return attempt && attemptView(db, attempt);
}

/**
 * The order a guest may pay: the number and the account's email must both match (compared without case), and
 * anything else — an unknown number, another account's email — is the same `undefined`.
 */
export async function findOrderByNumberAndEmail(
  db: Db,
  number: string,
  email: string,
): Promise<OrderWithService | undefined> {
  const row = await selectOrderWithService(db)
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .where('o.number', '=', number)
    .where((eb) => eb(eb.fn('lower', ['c.email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  return row && toOrderWithService(row);
}

/** One order with its service and product, by id (a guest session holds the id of its one order). */
export async function findOrderWithService(db: Db, orderId: number): Promise<OrderWithService | undefined> {
  const row = await selectOrderWithService(db).where('o.id', '=', orderId).executeTakeFirst();
  return row && toOrderWithService(row);
}

async function attemptView(db: Db, attempt: PaymentAttempt): Promise<AttemptView> {
  const found = await findOrderWithService(db, Number(attempt.order_id));
  if (!found) throw new Error(`attempt ${attempt.public_id} has no order`);
  const { order, subscription, product } = found;
  const autoRenewCard = subscription.auto_renew_card_id
    ? await db
        .selectFrom('saved_cards')
        .selectAll()
        .where('id', '=', subscription.auto_renew_card_id)
        .executeTakeFirst()
    : undefined;
  return { attempt, order, subscription, product, autoRenewCard };
}

/**
 * The order, its service and the service's product in one statement (the card page, "Procedi", the result page and
 * the guest's pages each needed two). Explicit columns: the three tables share names (`id`, `customer_id`,
 * `created_at`), so the service's own are aliased, and its `id` and `product_code` are the order's
 * `subscription_id` and the product's `code` by the join.
 */
function selectOrderWithService(db: Db) {
  return db
    .selectFrom('orders as o')
    .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
    .innerJoin('products as p', 'p.code', 's.product_code')
    .select([
      'o.id',
      'o.number',
      'o.customer_id',
      'o.subscription_id',
      'o.kind',
      'o.state',
      'o.currency',
      'o.period_years',
      'o.net_cents',
      'o.vat_cents',
      'o.total_cents',
      'o.created_at',
      'o.paid_at',
      'o.cancelled_at',
      'o.promotion_id',
      's.customer_id as service_customer_id',
      's.product_code',
      's.label',
      's.status',
      's.activated_on',
      's.expires_on',
      's.renewal_period_years',
      's.created_at as service_created_at',
      's.auto_renew',
      's.auto_renew_card_id',
      'p.name_it',
      'p.name_en',
      'p.yearly_price_cents',
      'p.vat_rate_bp',
      'p.vat_nature',
      'p.auto_renew_available',
    ]);
}

type OrderWithServiceRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof selectOrderWithService>['executeTakeFirst']>>
>;

function toOrderWithService(row: OrderWithServiceRow): OrderWithService {
  // An order's service is always its customer's (orders are made for a service of theirs): anything else is a bug.
  if (row.service_customer_id !== row.customer_id) {
    throw new Error(`order ${row.number} has no service of its customer`);
  }
  const order: Order = {
    id: row.id,
    number: row.number,
    customer_id: row.customer_id,
    subscription_id: row.subscription_id,
    kind: row.kind,
    state: row.state,
    currency: row.currency,
    period_years: row.period_years,
    net_cents: row.net_cents,
    vat_cents: row.vat_cents,
    total_cents: row.total_cents,
    created_at: row.created_at,
    paid_at: row.paid_at,
    cancelled_at: row.cancelled_at,
    promotion_id: row.promotion_id,
  };
  const subscription: Subscription = {
    id: row.subscription_id,
    customer_id: row.service_customer_id,
    product_code: row.product_code,
    label: row.label,
    status: row.status,
    activated_on: row.activated_on,
    expires_on: row.expires_on,
    renewal_period_years: row.renewal_period_years,
    created_at: row.service_created_at,
    auto_renew: row.auto_renew,
    auto_renew_card_id: row.auto_renew_card_id,
  };
  const product: Product = {
    code: row.product_code,
    name_it: row.name_it,
    name_en: row.name_en,
    yearly_price_cents: row.yearly_price_cents,
    vat_rate_bp: row.vat_rate_bp,
    vat_nature: row.vat_nature,
    auto_renew_available: row.auto_renew_available,
  };
  return { order, subscription, product };
}
