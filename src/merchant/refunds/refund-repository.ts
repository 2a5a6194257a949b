import type { Kysely, Transaction, Updateable } from 'kysely';
import type { MerchantDatabase, Refund, RefundStatus, RefundsTable } from '../../db/schema.ts';
import { refundTransitionRefusal } from './refund-states.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
type Trx = Transaction<MerchantDatabase>;

export interface NewRefund {
  attemptId: number;
  orderId: number;
  amountCents: number;
  currency: string;
  reason: string;
  idempotencyKey: string;
  requestedBy: string;
  at: Date;
}

/**
 * Writes a pending refund. The database's trigger adds its amount to the payment's held total, and its check refuses
 * the row (an error) when that would exceed the payment: callers check first, under the payment's lock, so the
 * check is the backstop, not the rule's only home.
 */
export async function insertRefund(trx: Trx, refund: NewRefund): Promise<Refund> {
  return trx
    .insertInto('refunds')
    .values({
      attempt_id: refund.attemptId,
      order_id: refund.orderId,
      amount_cents: refund.amountCents,
      currency: refund.currency,
      reason: refund.reason,
      status: 'pending',
      idempotency_key: refund.idempotencyKey,
      requested_by: refund.requestedBy,
      created_at: refund.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRefundById(db: Db, id: number): Promise<Refund | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRefundByKey(db: Db, attemptId: number, idempotencyKey: string): Promise<Refund | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** A payment's refunds, oldest first. */
export async function listRefundsOfAttempt(db: Db, attemptId: number): Promise<Refund[]> {
  return db.selectFrom('refunds').selectAll().where('attempt_id', '=', attemptId).orderBy('id').execute();
}

/** The refunds of several payments at once (an order's, a page of payments), oldest first. */
export async function listRefundsOfAttempts(db: Db, attemptIds: readonly number[]): Promise<Refund[]> {
  if (attemptIds.length === 0) return [];
  return db.selectFrom('refunds').selectAll().where('attempt_id', 'in', attemptIds).orderBy('id').execute();
}

export interface RefundTransition {
  refundId: number;
  from: RefundStatus;
  to: RefundStatus;
  at: Date;
  set?: Pick<Updateable<RefundsTable>, 'bank_refund_id' | 'failure_reason'>;
}

export type RefundTransitionResult =
  | { ok: true; refund: Refund }
  | { ok: false; reason: 'same_state' | 'not_allowed' | 'state_changed' };

/** The only writer of `refunds.status`: compare-and-set on the expected state; of two racing callers one wins. */
export async function transitionRefund(trx: Trx, change: RefundTransition): Promise<RefundTransitionResult> {
  const refusal = refundTransitionRefusal(change.from, change.to);
  if (refusal) return { ok: false, reason: refusal };
  const refund = await trx
    .updateTable('refunds')
    .set({ ...change.set, status: change.to, completed_at: change.at })
    .where('id', '=', change.refundId)
    .where('status', '=', change.from)
    .returningAll()
    .executeTakeFirst();
  return refund ? { ok: true, refund } : { ok: false, reason: 'state_changed' };
}
