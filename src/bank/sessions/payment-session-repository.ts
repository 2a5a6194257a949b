import type { Kysely, Transaction, Updateable } from 'kysely';
import type {
  BankDatabase,
  CardRow,
  PaymentSessionRow,
  PaymentSessionStatus,
  PaymentSessionsTable,
} from '../db/schema.ts';
import { transitionRefusal } from './payment-session-states.ts';
import type { ApiCardColumns } from './session-representation.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

/**
 * A session's columns, named (qualified, so a join can add its own): a column added to the table is read once it is
 * added here, and a PaymentSessionRow missing one fails to type-check where it is returned.
 */
export const SESSION_COLUMNS = [
  'payment_sessions.id',
  'payment_sessions.merchant_id',
  'payment_sessions.merchant_reference',
  'payment_sessions.amount_cents',
  'payment_sessions.currency',
  'payment_sessions.description',
  'payment_sessions.customer_reference',
  'payment_sessions.return_url',
  'payment_sessions.notify_url',
  'payment_sessions.save_card',
  'payment_sessions.locale',
  'payment_sessions.status',
  'payment_sessions.card_token',
  'payment_sessions.uses_saved_card',
  'payment_sessions.three_ds_method',
  'payment_sessions.trans_status',
  'payment_sessions.eci',
  'payment_sessions.decline_code',
  'payment_sessions.authorization_code',
  'payment_sessions.capture_method',
  'payment_sessions.authorization_expires_at',
  'payment_sessions.amount_captured_cents',
  'payment_sessions.captured_at',
  'payment_sessions.void_reason',
  'payment_sessions.voided_at',
  'payment_sessions.cancel_reason',
  'payment_sessions.refunded_cents',
  'payment_sessions.browser_binding_hash',
  'payment_sessions.expires_at',
  'payment_sessions.created_at',
  'payment_sessions.updated_at',
  'payment_sessions.completed_at',
] as const;

export async function findSession(db: Db, id: string): Promise<PaymentSessionRow | undefined> {
  return db.selectFrom('payment_sessions').select(SESSION_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A session of this merchant with its card (what the API answer shows of it), in one read. */
export async function findMerchantSessionWithCard(
  db: Db,
  merchantId: string,
  id: string,
): Promise<{ session: PaymentSessionRow; card: ApiCardColumns | undefined } | undefined> {
  const row = await db
    .selectFrom('payment_sessions')
    .leftJoin('cards', 'cards.token', 'payment_sessions.card_token')
    .select(SESSION_COLUMNS)
    .select([
      'cards.brand as card_brand',
      'cards.last4 as card_last4',
      'cards.exp_month as card_exp_month',
      'cards.exp_year as card_exp_year',
      'cards.holder as card_holder',
      'cards.status as card_status',
    ])
    .where('payment_sessions.id', '=', id)
    .where('payment_sessions.merchant_id', '=', merchantId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { card_brand, card_last4, card_exp_month, card_exp_year, card_holder, card_status, ...session } = row;
  const card =
    session.card_token !== null &&
    card_brand !== null &&
    card_last4 !== null &&
    card_exp_month !== null &&
    card_exp_year !== null &&
    card_holder !== null &&
    card_status !== null
      ? {
          token: session.card_token,
          brand: card_brand,
          last4: card_last4,
          exp_month: card_exp_month,
          exp_year: card_exp_year,
          holder: card_holder,
          status: card_status,
        }
      : undefined;
  return { session, card };
}

/**
 * A session with its merchant's name (hosted pages show it) and version (to check the cached merchant), and its card
 * when it names one (the pages show its last four digits; a saved card's first visit authenticates with it), in one
 * read.
 */
export async function findSessionWithMerchant(
  db: Db,
  id: string,
): Promise<
  { session: PaymentSessionRow; merchant: { name: string; version: number }; card: CardRow | undefined } | undefined
> {
  const row = await db
    .selectFrom('payment_sessions')
    .innerJoin('merchants', 'merchants.id', 'payment_sessions.merchant_id')
    .leftJoin('cards', 'cards.token', 'payment_sessions.card_token')
    .select(SESSION_COLUMNS)
    .select(['merchants.name as merchant_name', 'merchants.version as merchant_version'])
    .select([
      'cards.merchant_id as card_merchant_id',
      'cards.customer_reference as card_customer_reference',
      'cards.status as card_status',
      'cards.brand as card_brand',
      'cards.last4 as card_last4',
      'cards.exp_month as card_exp_month',
      'cards.exp_year as card_exp_year',
      'cards.holder as card_holder',
      'cards.pan_ciphertext as card_pan_ciphertext',
      'cards.created_at as card_created_at',
      'cards.deleted_at as card_deleted_at',
    ])
    .where('payment_sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    merchant_name,
    merchant_version,
    card_merchant_id,
    card_customer_reference,
    card_status,
    card_brand,
    card_last4,
    card_exp_month,
    card_exp_year,
    card_holder,
    card_pan_ciphertext,
    card_created_at,
    card_deleted_at,
    ...session
  } = row;
  const card: CardRow | undefined =
    session.card_token !== null &&
    card_merchant_id !== null &&
    card_customer_reference !== null &&
    card_status !== null &&
    card_brand !== null &&
    card_last4 !== null &&
    card_exp_month !== null &&
    card_exp_year !== null &&
    card_holder !== null &&
    card_pan_ciphertext !== null &&
    card_created_at !== null
      ? {
          token: session.card_token,
          merchant_id: card_merchant_id,
          customer_reference: card_customer_reference,
          status: card_status,
          brand: card_brand,
          last4: card_last4,
          exp_month: card_exp_month,
          exp_year: card_exp_year,
          holder: card_holder,
          pan_ciphertext: card_pan_ciphertext,
          created_at: card_created_at,
          deleted_at: card_deleted_at,
        }
      : undefined;
  return { session, merchant: { name: merchant_name, version: merchant_version }, card };
}

export async function findMerchantSession(
  db: Db,
  merchantId: string,
  id: string,
): Promise<PaymentSessionRow | undefined> {
  return db
    .selectFrom('payment_sessions')
    .select(SESSION_COLUMNS)
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
}

export async function listSessionsByReference(
  db: Db,
  merchantId: string,
  merchantReference: string,
): Promise<PaymentSessionRow[]> {
  return db
    .selectFrom('payment_sessions')
    .select(SESSION_COLUMNS)
    .where('merchant_id', '=', merchantId)
    .where('merchant_reference', '=', merchantReference)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
}

/** Locks the session row for the rest of the transaction. */
export async function lockSession(trx: Transaction<BankDatabase>, id: string): Promise<PaymentSessionRow | undefined> {
  return trx.selectFrom('payment_sessions').select(SESSION_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks a session of this merchant for the rest of the transaction; undefined when it has no such session. */
export async function lockMerchantSession(
  trx: Transaction<BankDatabase>,
  merchantId: string,
  id: string,
): Promise<PaymentSessionRow | undefined> {
  return trx
    .selectFrom('payment_sessions')
    .select(SESSION_COLUMNS)
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The only writer of a session's status: compare-and-set from `from`, plus a history row, in one statement (the update
 * in a CTE, the history row inserted from what it moved, so exactly when it moved). Returns undefined when the session
 * was no longer in `from` (someone else moved it first: a double click, a race with the expiry sweep), and the updated
 * row otherwise.
 */
export async function transitionSession(
  trx: Transaction<BankDatabase>,
  change: {
    id: string;
    from: PaymentSessionStatus;
    to: PaymentSessionStatus;
    at: Date;
    reason?: string;
    set?: Omit<Updateable<PaymentSessionsTable>, 'status' | 'id' | 'updated_at'>;
  },
): Promise<PaymentSessionRow | undefined> {
  const refusal = transitionRefusal(change.from, change.to);
  if (refusal) throw new Error(refusal);
  return trx
    .with('moved', (qb) =>
      qb
        .updateTable('payment_sessions')
        .set({ ...change.set, status: change.to, updated_at: change.at })
        .where('id', '=', change.id)
        .where('status', '=', change.from)
        .returning(SESSION_COLUMNS),
    )
    .with('logged', (qb) =>
      qb
        .insertInto('payment_session_events')
        .columns(['payment_session_id', 'from_status', 'to_status', 'reason', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('moved')
            .select((m) => [
              'moved.id',
              m.val(change.from).as('from_status'),
              'moved.status',
              m.val(change.reason ?? null).as('reason'),
              'moved.updated_at',
            ]),
        )
        .returning('payment_session_events.id'),
    )
    .selectFrom('moved')
    .selectAll()
    .executeTakeFirst();
}

/** Binds the session to the first browser that opens it; false if another browser already holds it. */
export async function bindBrowser(db: Db, id: string, bindingHash: string): Promise<boolean> {
  const result = await db
    .updateTable('payment_sessions')
    .set({ browser_binding_hash: bindingHash })
    .where('id', '=', id)
    .where('browser_binding_hash', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
