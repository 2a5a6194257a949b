import { type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type {
  MerchantDatabase,
  PaymentAttempt,
  PaymentAttemptStatus,
  PaymentAttemptsTable,
  PaymentPayer,
  PaymentPurpose,
} from '../../db/schema.ts';
import { recordPaymentEvent } from '../events/resource-events.ts';
import { attemptTransitionRefusal, IN_PROGRESS_ATTEMPT_STATUSES, OPEN_ATTEMPT_STATUSES } from './attempt-states.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
type Trx = Transaction<MerchantDatabase>;

export interface NewAttempt {
  publicId: string;
  purpose: PaymentPurpose;
  gateway: string;
  /** Null for a card verification only. */
  orderId: number | null;
  customerId: number;
  /** The rendered form's key, for order payments started in Pagamenti. */
  requestKey: string | null;
  amountCents: number;
  currency: string;
  savedCardId: number | null;
  renewal?: { id: number; try: number };
  startedInSession?: string | null;
  /** Order payments: a guest ("Paga subito un ordine") or the signed-in customer (the default). */
  payer?: PaymentPayer;
  /** Order payments: paying it switches automatic renewal on (the card page's checkbox; default on). */
  switchAutoRenew?: boolean;
  at: Date;
}

export type InsertAttemptResult =
  | { kind: 'created'; attempt: PaymentAttempt }
  /** The same submission (form key) or the same renewal try already has its attempt: that one. */
  | { kind: 'exists'; attempt: PaymentAttempt }
  /** The order already has an open attempt (the partial unique index said so): that one. */
  | { kind: 'order_busy'; open: PaymentAttempt };

/**
 * Inserts an attempt with its history row, unless one of the database's rules already names another: the same form
 * submission, the same renewal try, or an open attempt of the same order. Run it in the transaction that holds the
 * order's row lock: the rules then decide without a race, and the unique indexes back them up.
 */
export async function insertAttempt(trx: Trx, attempt: NewAttempt): Promise<InsertAttemptResult> {
  // The row and its first history row in one statement; a conflict inserts neither.
  const inserted = await trx
    .with('inserted', (qb) =>
      qb
        .insertInto('payment_attempts')
        .values({
          public_id: attempt.publicId,
          purpose: attempt.purpose,
          gateway: attempt.gateway,
          order_id: attempt.orderId,
          customer_id: attempt.customerId,
          request_key: attempt.requestKey,
          status: 'created',
          amount_cents: attempt.amountCents,
          currency: attempt.currency,
          saved_card_id: attempt.savedCardId,
          renewal_id: attempt.renewal?.id ?? null,
          renewal_try: attempt.renewal?.try ?? null,
          started_in_session: attempt.startedInSession ?? null,
          payer: attempt.payer ?? 'customer',
          switch_auto_renew: attempt.switchAutoRenew ?? true,
          created_at: attempt.at,
          updated_at: attempt.at,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll(),
    )
    .with('logged', (qb) =>
      qb
        .insertInto('payment_attempt_events')
        .columns(['attempt_id', 'from_status', 'to_status', 'reason', 'at'])
        .expression((eb) =>
          eb
            .selectFrom('inserted')
            .select((i) => [
              'inserted.id',
              sql<null>`null::text`.as('from_status'),
              'inserted.status',
              i.val('created').as('reason'),
              'inserted.created_at',
            ]),
        )
        .returning('payment_attempt_events.id'),
    )
    .selectFrom('inserted')
    .selectAll()
    .executeTakeFirst();
  if (inserted) {
    return { kind: 'created', attempt: inserted };
  }
  const same = await trx
    .selectFrom('payment_attempts')
    .selectAll()
    .where((eb) =>
      attempt.renewal
        ? eb.and([eb('renewal_id', '=', attempt.renewal.id), eb('renewal_try', '=', attempt.renewal.try)])
        : eb.and([eb('customer_id', '=', attempt.customerId), eb('request_key', '=', attempt.requestKey)]),
    )
    .executeTakeFirst();
  if (same) return { kind: 'exists', attempt: same };
  const open = attempt.orderId === null ? undefined : await findOpenAttemptOfOrder(trx, attempt.orderId);
  if (open) return { kind: 'order_busy', open };
  throw new Error(`attempt ${attempt.publicId} was not written and no rule names another`);
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

export async function findOpenAttemptOfOrder(db: Db, orderId: number): Promise<PaymentAttempt | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', 'in', OPEN_ATTEMPT_STATUSES)
    .executeTakeFirst();
}

/** The open order payments one Pagamenti session started (its stored hash): what its "Annulla pagamento" ends. */
export async function listOpenAttemptsOfSession(db: Db, sessionRef: string): Promise<PaymentAttempt[]> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('started_in_session', '=', sessionRef)
    .where('purpose', '=', 'order_payment')
    .where('status', 'in', OPEN_ATTEMPT_STATUSES)
    .orderBy('id')
    .execute();
}

/** Whether another attempt of the order was started after this one (this one was superseded, not given up). */
export async function hasLaterAttempt(db: Db, attempt: PaymentAttempt): Promise<boolean> {
  if (attempt.order_id === null) return false;
  const later = await db
    .selectFrom('payment_attempts')
    .select('id')
    .where('order_id', '=', attempt.order_id)
    .where('id', '>', attempt.id)
    .executeTakeFirst();
  return later !== undefined;
}

export async function lockAttempt(trx: Trx, id: number): Promise<PaymentAttempt | undefined> {
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
  const run = async (trx: Trx): Promise<AttemptTransitionResult> => {
    // The compare-and-set and its history row in one statement: the row is written from what the update moved, so
    // it exists exactly when the move happened.
    const attempt = await trx
      .with('moved', (qb) =>
        qb
          .updateTable('payment_attempts')
          .set({ ...change.set, status: change.to, updated_at: change.at })
          .where('id', '=', change.attemptId)
          .where('status', '=', change.from)
          .returningAll(),
      )
      .with('logged', (qb) =>
        qb
          .insertInto('payment_attempt_events')
          .columns(['attempt_id', 'from_status', 'to_status', 'reason', 'at'])
          .expression((eb) =>
            eb
              .selectFrom('moved')
              .select((m) => [
                'moved.id',
                m.val(change.from).as('from_status'),
                'moved.status',
                m.val(change.reason).as('reason'),
                'moved.updated_at',
              ]),
          )
          .returning('payment_attempt_events.id'),
      )
      .selectFrom('moved')
      .selectAll()
      .executeTakeFirst();
    if (!attempt) return { ok: false, reason: 'state_changed' };
    // An order payment that ends declined or failed is `payment.failed`, whichever path settled it (the customer's
    // return, the bank's notification, reconciliation, a session the bank refused to open): all pass here.
    if (attempt.purpose === 'order_payment' && (change.to === 'declined' || change.to === 'failed')) {
      await recordPaymentEvent(trx, 'payment.failed', attempt, change.at);
    }
    return { ok: true, attempt };
  };
  return db.isTransaction ? run(db as Trx) : db.transaction().execute(run);
}

export async function listAttemptEvents(db: Db, attemptId: number) {
  return db
    .selectFrom('payment_attempt_events')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('id')
    .execute();
}

/**
 * What `reconcile` looks at by hand, oldest first, at most `limit`: open attempts started before `before`, and every
 * open renewal charge (its answer is due at once, whatever its age). Its plan is checked in
 * src/db/hot-query-plans.test.ts (payment_attempts_open_idx).
 */
export function attemptsToReconcileQuery(db: Db, before: Date, limit: number) {
  return db
    .selectFrom('payment_attempts')
    .select('id')
    .where('status', 'in', OPEN_ATTEMPT_STATUSES)
    .where((eb) => eb.or([eb('created_at', '<', before), eb('purpose', '=', 'renewal_charge')]))
    .orderBy('created_at')
    .limit(limit);
}

/** The customer's orders an automatic renewal charge is at the bank for right now (its attempt still open). */
export async function ordersWithChargeInFlight(db: Db, customerId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('payment_attempts')
    .select('order_id')
    .where('customer_id', '=', customerId)
    .where('purpose', '=', 'renewal_charge')
    .where('status', 'in', OPEN_ATTEMPT_STATUSES)
    .execute();
  return new Set(rows.map((row) => Number(row.order_id)));
}

/** Whether a payment of the order is under way or unsettled (IN_PROGRESS_ATTEMPT_STATUSES), of any purpose. */
export async function hasPaymentInProgress(db: Db, orderId: number): Promise<boolean> {
  const row = await db
    .selectFrom('payment_attempts')
    .select('id')
    .where('order_id', '=', orderId)
    .where('status', 'in', IN_PROGRESS_ATTEMPT_STATUSES)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
