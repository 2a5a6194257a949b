import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type {
  MerchantDatabase,
  OrderState,
  PaymentAttemptStatus,
  PaymentPurpose,
  SubscriptionStatus,
} from '../../../db/schema.ts';

/**
 * The search's SQL, one builder per kind of lookup, each written to be answered by its index
 * (migrations/2026-12-03-070-search.ts); search-plans.test.ts holds them to it. Builders, not results, so that
 * the plan test explains the very statements the page runs.
 */
type Db = Kysely<MerchantDatabase>;

/** Rows a group shows at most. */
export const SEARCH_GROUP_LIMIT = 20;
/**
 * Text matches ranked at most: a common fragment ("example") matches every customer, and ranking them all would
 * cost what a table scan costs. The best of the first candidates the index finds are shown.
 */
const TEXT_CANDIDATES = 200;

export interface CustomerHit {
  id: number;
  name: string;
  email: string;
  created_at: Date;
}

export interface ServiceHit {
  id: number;
  label: string;
  product_code: string;
  status: SubscriptionStatus;
  expires_on: string | null;
  customer_id: number;
  customer_name: string;
}

export interface OrderHit {
  id: number;
  number: string;
  created_at: Date;
  state: OrderState;
  total_cents: number;
  customer_id: number;
  customer_name: string;
}

export interface PaymentHit {
  id: number;
  public_id: string;
  created_at: Date;
  purpose: PaymentPurpose;
  status: PaymentAttemptStatus;
  amount_cents: number;
  card_brand: string | null;
  card_last4: string | null;
  order_number: string | null;
  customer_id: number;
  customer_name: string;
}

/** `like` reads `%`, `_` and `\` as wildcards and escape: typed by an operator they are plain characters. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The folded column matches the folded text: contains it, or, for text shorter than a trigram, has a word that begins
 * with it. A trigram index cannot find two letters anywhere in a string (every row would be read), but it can find
 * them at the start of the string or after a space, where pg_trgm's padding makes them a trigram.
 */
function foldedMatches(column: string, text: string): RawBuilder<SqlBool> {
  const folded = sql`search_fold(${likeLiteral(text)})`;
  const value = sql`search_fold(${sql.ref(column)})`;
  if ([...text].length >= 3) return sql<SqlBool>`${value} like '%' || ${folded} || '%'`;
  return sql<SqlBool>`(${value} like ${folded} || '%' or ${value} like '% ' || ${folded} || '%')`;
}

function similarityTo(column: string, text: string): RawBuilder<number> {
  return sql<number>`similarity(search_fold(${sql.ref(column)}), search_fold(${text}))`;
}

/** The column in the "C" collation, as the prefix indexes hold it: byte order, whatever the database's collation. */
function inC(column: string): RawBuilder<string> {
  return sql<string>`(${sql.ref(column)} collate "C")`;
}

function startsWith(column: string, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${inC(column)} like ${`${likeLiteral(prefix)}%`}`;
}

/** Customers whose name or email matches the text (see foldedMatches), the most similar first. */
export function customersContaining(db: Db, text: string) {
  const candidates = db
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'created_at'])
    .select(sql<number>`greatest(${similarityTo('name', text)}, ${similarityTo('email', text)})`.as('rank'))
    .where((eb) => eb.or([foldedMatches('name', text), foldedMatches('email', text)]))
    .limit(TEXT_CANDIDATES)
    .as('c');
  return db
    .selectFrom(candidates)
    .select(['c.id', 'c.name', 'c.email', 'c.created_at'])
    .orderBy('c.rank', 'desc')
    .orderBy('c.id', 'desc')
    .limit(SEARCH_GROUP_LIMIT);
}

/** Services whose label matches the text (see foldedMatches), the most similar first, with their customer. */
export function servicesContaining(db: Db, text: string) {
  const candidates = db
    .selectFrom('subscriptions')
    .select(['id', 'label', 'product_code', 'status', 'expires_on', 'customer_id'])
    .select(similarityTo('label', text).as('rank'))
    .where(foldedMatches('label', text))
    .limit(TEXT_CANDIDATES)
    .as('s');
  return db
    .selectFrom(candidates)
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select([
      's.id',
      's.label',
      's.product_code',
      's.status',
      's.expires_on',
      's.customer_id',
      'c.name as customer_name',
    ])
    .orderBy('s.rank', 'desc')
    .orderBy('s.id', 'desc')
    .limit(SEARCH_GROUP_LIMIT);
}

/** The customer of this email, whatever its case (customers_email_key). */
export function customerByEmail(db: Db, email: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'created_at'])
    .where(sql<SqlBool>`lower(email) = lower(${email})`);
}

function orders(db: Db) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select([
      'o.id',
      'o.number',
      'o.created_at',
      'o.state',
      'o.total_cents',
      'o.customer_id',
      'c.name as customer_name',
    ]);
}

export function orderByNumber(db: Db, number: string) {
  return orders(db).where('o.number', '=', number);
}

export function orderById(db: Db, id: number) {
  return orders(db).where('o.id', '=', id);
}

/** Orders whose number starts so, the highest (newest) first. */
export function ordersByNumberPrefix(db: Db, prefix: string) {
  return orders(db).where(startsWith('o.number', prefix)).orderBy(inC('o.number'), 'desc').limit(SEARCH_GROUP_LIMIT);
}

function payments(db: Db) {
  return db
    .selectFrom('payment_attempts as pa')
    .innerJoin('customers as c', 'c.id', 'pa.customer_id')
    .leftJoin('orders as o', 'o.id', 'pa.order_id')
    .select([
      'pa.id',
      'pa.public_id',
      'pa.created_at',
      'pa.purpose',
      'pa.status',
      'pa.amount_cents',
      'pa.card_brand',
      'pa.card_last4',
      'o.number as order_number',
      'pa.customer_id',
      'c.name as customer_name',
    ]);
}

/** Attempts paid with a card ending so, newest first (payment_attempts_card_last4_idx). */
export function paymentsByCardLast4(db: Db, digits: string) {
  return payments(db)
    .where('pa.card_last4', '=', digits)
    .orderBy('pa.created_at', 'desc')
    .orderBy('pa.id', 'desc')
    .limit(SEARCH_GROUP_LIMIT);
}

export function paymentByPublicId(db: Db, publicId: string) {
  return payments(db).where('pa.public_id', '=', publicId);
}

export function paymentsByPublicIdPrefix(db: Db, prefix: string) {
  return payments(db).where(startsWith('pa.public_id', prefix)).orderBy(inC('pa.public_id')).limit(SEARCH_GROUP_LIMIT);
}

export function paymentByBankSession(db: Db, sessionId: string) {
  return payments(db).where('pa.bank_session_id', '=', sessionId);
}

export function paymentsByBankSessionPrefix(db: Db, prefix: string) {
  return payments(db)
    .where(startsWith('pa.bank_session_id', prefix))
    .orderBy(inC('pa.bank_session_id'))
    .limit(SEARCH_GROUP_LIMIT);
}

export function customerById(db: Db, id: number) {
  return db.selectFrom('customers').select(['id', 'name', 'email', 'created_at']).where('id', '=', id);
}
