import type { Kysely, Transaction, Updateable } from 'kysely';
import type { BankDatabase, PaymentSessionRow, PaymentSessionStatus, PaymentSessionsTable } from '../db/schema.ts';
import { transitionRefusal } from './payment-session-states.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

export async function findSession(db: Db, id: string): Promise<PaymentSessionRow | undefined> {
  return db.selectFrom('payment_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMerchantSession(
  db: Db,
  merchantId: string,
  id: string,
): Promise<PaymentSessionRow | undefined> {
  return db
    .selectFrom('payment_sessions')
    .selectAll()
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
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('merchant_reference', '=', merchantReference)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
}

/** Locks the session row for the rest of the transaction. */
export async function lockSession(trx: Transaction<BankDatabase>, id: string): Promise<PaymentSessionRow | undefined> {
  return trx.selectFrom('payment_sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks a session of this merchant for the rest of the transaction; undefined when it has no such session. */
export async function lockMerchantSession(
  trx: Transaction<BankDatabase>,
  merchantId: string,
  id: string,
): Promise<PaymentSessionRow | undefined> {
  return trx
    .selectFrom('payment_sessions')
    .selectAll()
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The only writer of a session's status: compare-and-set from `from`, plus a history row, in the caller's transaction.
 * Returns undefined when the session was no longer in `from` (someone else moved it first: a double click, a race with
 * the expiry sweep), and the updated row otherwise.
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
  const row = await trx
    .updateTable('payment_sessions')
    .set({ ...change.set, status: change.to, updated_at: change.at })
    .where('id', '=', change.id)
    .where('status', '=', change.from)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await trx
    .insertInto('payment_session_events')
    .values({
      payment_session_id: change.id,
      from_status: change.from,
      to_status: change.to,
      reason: change.reason ?? null,
      created_at: change.at,
    })
    .execute();
  return row;
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
