import type { Kysely } from 'kysely';
import type {
  MerchantDatabase,
  Order,
  OrderKind,
  PaymentAttempt,
  Product,
  SavedCard,
  Subscription,
} from '../../db/schema.ts';

import { findSubscriptionOfCustomer, type SubscriptionWithProduct } from '../subscriptions/subscription-repository.ts';

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

/** One of the customer's orders with its service and product (undefined for anyone else's). */
export async function findOrderForPayment(
  db: Db,
  customerId: number,
  number: string,
): Promise<{ order: Order; subscription: Subscription; product: Product } | undefined> {
  const order = await db
    .selectFrom('orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!order) return undefined;
  return { order, ...(await serviceOfOrder(db, order)) };
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
): Promise<{ order: Order; subscription: Subscription; product: Product } | undefined> {
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .where('o.number', '=', number)
    .where((eb) => eb(eb.fn('lower', ['c.email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
  if (!order) return undefined;
  return { order, ...(await serviceOfOrder(db, order)) };
}

/** One order with its service and product, by id (a guest session holds the id of its one order). */
export async function findOrderWithService(
  db: Db,
  orderId: number,
): Promise<{ order: Order; subscription: Subscription; product: Product } | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!order) return undefined;
  return { order, ...(await serviceOfOrder(db, order)) };
}

async function attemptView(db: Db, attempt: PaymentAttempt): Promise<AttemptView> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', attempt.order_id).executeTakeFirstOrThrow();
  const { subscription, product } = await serviceOfOrder(db, order);
  const autoRenewCard = subscription.auto_renew_card_id
    ? await db
        .selectFrom('saved_cards')
        .selectAll()
        .where('id', '=', subscription.auto_renew_card_id)
        .executeTakeFirst()
    : undefined;
  return { attempt, order, subscription, product, autoRenewCard };
}

/** The order's service with its product: one joined query, through the subscriptions repository. */
async function serviceOfOrder(db: Db, order: Order): Promise<SubscriptionWithProduct> {
  const found = await findSubscriptionOfCustomer(db, order.customer_id, order.subscription_id);
  if (!found) throw new Error(`order ${order.number} has no service of its customer`);
  return found;
}
