import { DONE, type JobOutcome } from '../../jobs/worker.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { flagAttempt } from './flag-attempt.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/**
 * Takes the money of an order's recorded authorization (a `payment.capture` job, queued with the payment). The key
 * is derived from the attempt, so a repeat after a lost answer is the same capture at the bank. An authorization the
 * bank will no longer capture (it lapsed, or was released) leaves the order paid without the money: that is for an
 * operator, so the attempt is flagged `needs_attention`.
 */
export async function captureAttempt(deps: PaymentDeps, attemptId: number): Promise<JobOutcome> {
  const attempt = await findAttemptById(deps.db, attemptId);
  if (attempt?.status !== 'authorized' || attempt.purpose !== 'order_payment' || !attempt.bank_session_id) return DONE;
  let capturedCents: number;
  try {
    const session = await deps.gateway.capturePayment({
      paymentSessionId: attempt.bank_session_id,
      amountCents: attempt.amount_cents,
      idempotencyKey: bankKeys.capture(attempt.public_id),
    });
    if (session.status !== 'captured') {
      await flagAttempt(deps, attempt, `the bank answered ${session.status} to the capture`);
      return DONE;
    }
    capturedCents = session.amountCapturedCents;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (error.kind !== 'rejected') return { kind: 'retry', reason: `capture: ${error.kind} ${error.code}` };
    const session = await deps.gateway.getPaymentSession(attempt.bank_session_id);
    if (session?.status !== 'captured') {
      await flagAttempt(
        deps,
        attempt,
        `capture refused (${error.code}); the bank says ${session?.status ?? 'nothing'}`,
      );
      return DONE;
    }
    capturedCents = session.amountCapturedCents;
  }
  await transitionAttempt(deps.db, {
    attemptId: attempt.id,
    from: 'authorized',
    to: 'captured',
    reason: `captured ${capturedCents} cents`,
    at: deps.clock.now(),
  });
  return DONE;
}
