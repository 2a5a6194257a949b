import type { PaymentAttempt } from '../../db/schema.ts';
import { findAttemptByPublicId, lockAttempt } from '../payments/attempt-repository.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { type RefundResource, refundResource } from '../public/resources.ts';
import { enqueueRefundSettle } from './refund-jobs.ts';
import { findRefundByKey, insertRefund } from './refund-repository.ts';
import { settleRefund } from './settle-refund.ts';

/** The most one refund may be (the bank's own limit): anything above is a bad request, not a refund. */
export const MAX_REFUND_CENTS = 100_000_000;

export interface RefundRequest {
  /** The payment's public id (`pa_…`), as GET /api/v1/payments shows it. */
  paymentPublicId: string;
  /** Integer cents, at least 1, at most what is left to refund. */
  amountCents: number;
  /** Why, in the provider's words (shown to the customer in the email); at most 500 characters. */
  reason?: string;
  /** The caller's key (the API's Idempotency-Key, a back-office form's key): the same key is the same refund. */
  idempotencyKey: string;
  /** Who asked: `api:<key prefix>`, `operator:<id>`. */
  requestedBy: string;
}

export type RequestRefundResult =
  /**
   * The refund asked for — or, for a key already used on this payment, the one it made (whatever this request's
   * amount: comparing bodies is the API's idempotency layer's job). Its `status`: `succeeded` (money back),
   * `pending` (the bank gave no usable answer: a job asks again with the same key) or `failed` (the bank refused;
   * `failure_reason` says why, and the amount can be refunded again).
   */
  | { ok: true; refund: RefundResource; replayed: boolean }
  | {
      ok: false;
      /**
       * `not_found`: no such payment (or not an order's payment); `not_captured`: its money is not taken (yet);
       * `exceeds_refundable`: more than is left (`refundableCents`); `invalid_amount`: not a whole number of cents
       * from 1 to MAX_REFUND_CENTS, or a reason over 500 characters.
       */
      reason: 'not_found' | 'not_captured' | 'exceeds_refundable' | 'invalid_amount';
      refundableCents?: number;
    };

/**
 * Refunds all or part of an order's captured payment (POST /api/v1/payments/:id/refunds; the back office). Per
 * STYLE.md "calling out": the pending refund is written first, in a short transaction that locks the order and then
 * the payment (LOCK_ORDER) and holds the amount against the payment — the database refuses a total above the payment
 * even under concurrency (migrations/2026-12-02-070-refunds.ts) — with the job that retries it; the bank is then
 * called outside any transaction (settle-refund.ts) with a key derived from the refund's row.
 */
export async function requestRefund(deps: PaymentDeps, request: RefundRequest): Promise<RequestRefundResult> {
  // A missing key or requester is the caller's bug (the route's schema requires them), not an outcome.
  if (!/^.{1,255}$/su.test(request.idempotencyKey) || !/^.{1,200}$/su.test(request.requestedBy)) {
    throw new TypeError('a refund needs an idempotency key (1-255 characters) and who asked (1-200)');
  }
  const reason = (request.reason ?? '').trim();
  const amount = request.amountCents;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_REFUND_CENTS || reason.length > 500) {
    return { ok: false, reason: 'invalid_amount' };
  }
  const found = await findAttemptByPublicId(deps.db, request.paymentPublicId);
  if (!found || found.order_id === null) return { ok: false, reason: 'not_found' };
  const known = await findRefundByKey(deps.db, Number(found.id), request.idempotencyKey);
  if (known) return { ok: true, refund: refundResource(known, found), replayed: true };

  const at = deps.clock.now();
  const written = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('orders').select('id').where('id', '=', Number(found.order_id)).forUpdate().execute();
    const attempt = (await lockAttempt(trx, Number(found.id))) as PaymentAttempt;
    const again = await findRefundByKey(trx, Number(attempt.id), request.idempotencyKey);
    if (again) return { kind: 'replayed' as const, refund: again };
    const refusal = refusalFor(attempt, amount);
    if (refusal) return { kind: 'refused' as const, ...refusal };
    const refund = await insertRefund(trx, {
      attemptId: Number(attempt.id),
      orderId: Number(attempt.order_id),
      amountCents: amount,
      currency: attempt.currency,
      reason,
      idempotencyKey: request.idempotencyKey,
      requestedBy: request.requestedBy,
      at,
    });
    await enqueueRefundSettle(trx, refund, at);
    return { kind: 'written' as const, refund };
  });
  if (written.kind === 'refused') {
    return {
      ok: false,
      reason: written.reason,
      ...(written.refundableCents === undefined ? {} : { refundableCents: written.refundableCents }),
    };
  }
  if (written.kind === 'replayed') return { ok: true, refund: refundResource(written.refund, found), replayed: true };
  deps.logger.info(
    { payment: found.public_id, refund: written.refund.id, amount, by: request.requestedBy },
    'refund requested',
  );
  const settled = await settleRefund(deps, Number(written.refund.id));
  return { ok: true, refund: refundResource(settled.refund, found), replayed: false };
}

function refusalFor(
  attempt: PaymentAttempt,
  amount: number,
): { reason: 'not_captured' | 'exceeds_refundable'; refundableCents?: number } | undefined {
  // A payment refunded in full has nothing left; any other state but `captured` has taken nothing (yet).
  if (attempt.status === 'refunded') return { reason: 'exceeds_refundable', refundableCents: 0 };
  if (attempt.status !== 'captured') return { reason: 'not_captured' };
  const refundable = attempt.amount_cents - attempt.refund_held_cents;
  return amount > refundable ? { reason: 'exceeds_refundable', refundableCents: refundable } : undefined;
}
