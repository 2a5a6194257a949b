import type { Kysely, Transaction, Updateable } from 'kysely';
import type { MerchantDatabase, PaymentAttempt, PaymentAttemptStatus, PaymentAttemptsTable } from '../../db/schema.ts';
import { attemptTransitionRefusal, OPEN_ATTEMPT_STATUSES } from './attempt-states.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewAttempt {
  publicId: string;
  orderId: number;
  customerId: number;
  requestKey: string;
  amountCents: number;
  currency: string;
  savedCardId: number | null;
  at: Date;
}

/**
 * Inserts the attempt unless this customer already submitted this request key (a double click): either way returns
 * the one attempt of that submission, and whether this call created it.
 */
export async function insertAttemptOnce(
  db: Db,
  attempt: NewAttempt,
): Promise<{ attempt: PaymentAttempt; created: boolean }> {
  const run = async (trx: Transaction<MerchantDatabase>) => {
    const inserted = await trx
      .insertInto('payment_attempts')
      .values({
        public_id: attempt.publicId,
        order_id: attempt.orderId,
        customer_id: attempt.customerId,
        request_key: attempt.requestKey,
        status: 'created',
        amount_cents: attempt.amountCents,
        currency: attempt.currency,
        saved_card_id: attempt.savedCardId,
        created_at: attempt.at,
        updated_at: attempt.at,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'request_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await trx
        .insertInto('payment_attempt_events')
        .values({ attempt_id: inserted.id, from_status: null, to_status: 'created', reason: 'created', at: attempt.at })
        .execute();
      return { attempt: inserted, created: true };
    }
    const existing = await trx
      .selectFrom('payment_attempts')
      .selectAll()
      .where('customer_id', '=', attempt.customerId)
      .where('request_key', '=', attempt.requestKey)
      .executeTakeFirstOrThrow();
    return { attempt: existing, created: false };
  };
  return db.isTransaction ? run(db as Transaction<MerchantDatabase>) : db.transaction().execute(run);
}

export async function findAttemptBySubmission(
  db: Db,
  customerId: number,
  requestKey: string,
): Promise<PaymentAttempt | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
}

export async function findAttemptById(db: Db, id: number): Promise<PaymentAttempt | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAttemptByPublicId(db: Db, publicId: string): Promise<PaymentAttempt | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findAttemptByBankSession(db: Db, bankSessionId: string): Promise<PaymentAttempt | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('bank_session_id', '=', bankSessionId).executeTakeFirst();
}

export async function lockAttempt(trx: Transaction<MerchantDatabase>, id: number): Promise<PaymentAttempt | undefined> {
  return trx.selectFrom('payment_attempts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface AttemptTransition {
  attemptId: number;
  from: PaymentAttemptStatus;
  to: PaymentAttemptStatus;
  reason: string;
  at: Date;
  /** Other columns written with the status. */
  set?: Omit<Updateable<PaymentAttemptsTable>, 'status' | 'id' | 'updated_at'>;
}

export type AttemptTransitionResult =
  | { ok: true; attempt: PaymentAttempt }
  | { ok: false; reason: 'same_state' | 'not_allowed' | 'state_changed' };

/**
 * The only writer of `payment_attempts.status`: compare-and-set on the expected state, with its history row in the same
 * transaction. Of two callers racing to settle one attempt, one wins and the other gets `state_changed`.
 */
export async function transitionAttempt(db: Db, change: AttemptTransition): Promise<AttemptTransitionResult> {
  const refusal = attemptTransitionRefusal(change.from, change.to);
  if (refusal) return { ok: false, reason: refusal };
  const run = async (trx: Transaction<MerchantDatabase>): Promise<AttemptTransitionResult> => {
    const attempt = await trx
      .updateTable('payment_attempts')
      .set({ ...change.set, status: change.to, updated_at: change.at })
      .where('id', '=', change.attemptId)
      .where('status', '=', change.from)
      .returningAll()
      .executeTakeFirst();
    if (!attempt) return { ok: false, reason: 'state_changed' };
    await trx
      .insertInto('payment_attempt_events')
      .values({
        attempt_id: attempt.id,
        from_status: change.from,
        to_status: change.to,
        reason: change.reason,
        at: change.at,
      })
      .execute();
    return { ok: true, attempt };
  };
  return db.isTransaction ? run(db as Transaction<MerchantDatabase>) : db.transaction().execute(run);
}

export async function listAttemptEvents(db: Db, attemptId: number) {
  return db
    .selectFrom('payment_attempt_events')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('id')
    .execute();
}

/** Attempts still open (or owed a refund) that were started before `before`: the reconciliation's work list. */
export async function listStaleAttempts(db: Db, before: Date, limit: number): Promise<PaymentAttempt[]> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', OPEN_ATTEMPT_STATUSES), eb('created_at', '<', before)]),
        eb('status', '=', 'refund_pending'),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
