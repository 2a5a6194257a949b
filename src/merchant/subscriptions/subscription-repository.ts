import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  MerchantDatabase,
  Product,
  ProductsTable,
  Subscription,
  SubscriptionStatus,
  SubscriptionsTable,
} from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** A customer's service with the product it is an instance of. */
export interface SubscriptionWithProduct {
  subscription: Subscription;
  product: Product;
}

export interface NewSubscription {
  customerId: number;
  productCode: string;
  label: string;
  status: SubscriptionStatus;
  activatedOn: string | null;
  expiresOn: string | null;
  renewalPeriodYears?: number;
  /** The application's clock; the database's `now()` when omitted. */
  createdAt?: Date;
}

export async function insertSubscription(db: Db, subscription: NewSubscription): Promise<Subscription> {
  return db
    .insertInto('subscriptions')
    .values({
      customer_id: subscription.customerId,
      product_code: subscription.productCode,
      label: subscription.label,
      status: subscription.status,
      activated_on: subscription.activatedOn,
      expires_on: subscription.expiresOn,
      renewal_period_years: subscription.renewalPeriodYears ?? 1,
      ...(subscription.createdAt ? { created_at: subscription.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The customer's services, the ones expiring first at the top; services not yet active come last. */
export async function listSubscriptionsOfCustomer(db: Db, customerId: number): Promise<SubscriptionWithProduct[]> {
  const rows = await selectWithProduct(db)
    .where('s.customer_id', '=', customerId)
    .orderBy('s.expires_on', (ob) => ob.asc().nullsLast())
    .orderBy('s.id')
    .execute();
  return rows.map(toSubscriptionWithProduct);
}

/**
 * One service, only if it belongs to the customer: another customer's service is indistinguishable from one that does
 * not exist.
 */
export async function findSubscriptionOfCustomer(
  db: Db,
  customerId: number,
  subscriptionId: number,
): Promise<SubscriptionWithProduct | undefined> {
  const row = await selectWithProduct(db)
    .where('s.customer_id', '=', customerId)
    .where('s.id', '=', subscriptionId)
    .executeTakeFirst();
  return row && toSubscriptionWithProduct(row);
}

function selectWithProduct(db: Db) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('products as p', 'p.code', 's.product_code')
    .selectAll('s')
    .select([
      'p.name_it',
      'p.name_en',
      'p.yearly_price_cents',
      'p.vat_rate_bp',
      'p.vat_nature',
      'p.auto_renew_available',
    ]);
}

type Row = Selectable<SubscriptionsTable> & Omit<Selectable<ProductsTable>, 'code'>;

function toSubscriptionWithProduct(row: Row): SubscriptionWithProduct {
  const { name_it, name_en, yearly_price_cents, vat_rate_bp, vat_nature, auto_renew_available, ...subscription } = row;
  return {
    subscription,
    product: {
      code: subscription.product_code,
      name_it,
      name_en,
      yearly_price_cents,
      vat_rate_bp,
      vat_nature,
      auto_renew_available,
    },
  };
}

/** One service by its id, whoever's it is (the REST API, which acts for the provider, checks the owner itself). */
export async function findSubscriptionById(db: Db, id: number): Promise<Subscription | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}
