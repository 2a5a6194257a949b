import type { PaymentAttempt } from '../../db/schema.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { abandonIfNeverSent } from './abandon-unsent.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { isOpenAttempt } from './attempt-states.ts';
import { completeAttempt } from './complete-attempt.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/** Completes an attempt against the bank; a bank that does not answer leaves it as it is. */
export async function settleQuietly(deps: PaymentDeps, attempt: PaymentAttempt): Promise<PaymentAttempt> {
  try {
    return await abandonIfNeverSent(deps, await completeAttempt(deps, attempt.id, 'before_new_attempt'));
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.warn({ attempt: attempt.public_id, err: error }, 'bank not reachable while settling an open attempt');
    return attempt;
  }
}

/**
 * Withdraws an open attempt's bank session: the session is cancelled at the bank, which from then on refuses to
 * authorize it, and the attempt is settled with the bank's answer (`cancelled` — or, if the customer had just been
 * authorized, the order paid by it). Used when another attempt supersedes it and when the customer chooses
 * "Annulla pagamento". Returns the attempt as it stands afterwards (still open if the bank did not answer).
 */
export async function cancelAtBank(deps: PaymentDeps, attempt: PaymentAttempt): Promise<PaymentAttempt> {
  try {
    await deps.gateway.cancelPaymentSession({
      paymentSessionId: attempt.bank_session_id as string,
      idempotencyKey: bankKeys.cancel(attempt.public_id),
    });
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.warn({ attempt: attempt.public_id, err: error }, 'the bank did not cancel an open session');
    return attempt;
  }
  return settleQuietly(deps, attempt);
}

export type CancelOutcome =
  /** Nothing is charged: the attempt ended without money (cancelled, declined, expired…). */
  | { kind: 'cancelled'; attempt: PaymentAttempt }
  /** The bank had authorized it before the cancel arrived: the order is paid by it. */
  | { kind: 'paid'; attempt: PaymentAttempt }
  /** The bank did not answer: the attempt is still open (its reconciliation settles it later). */
  | { kind: 'still_open'; attempt: PaymentAttempt };

/**
 * "Annulla pagamento" on Pagamenti: the customer gives up an open payment. It is settled against the bank first (an
 * authorization nobody recorded yet pays the order rather than being lost), then its bank session is cancelled at the
 * bank; an attempt whose session request never reached the bank ends `cancelled` here. Nothing is charged.
 */
export async function cancelPayment(deps: PaymentDeps, attempt: PaymentAttempt): Promise<CancelOutcome> {
  let current = await settleQuietly(deps, attempt);
  if (isOpenAttempt(current.status) && current.bank_session_id) current = await cancelAtBank(deps, current);
  else if (current.status === 'created' && !current.bank_session_id) {
    // The bank knows no session by its reference (settleQuietly asked): none can be authorized any more.
    const now = deps.clock.now();
    const moved = await transitionAttempt(deps.db, {
      attemptId: current.id,
      from: 'created',
      to: 'cancelled',
      reason: 'cancelled by the customer before reaching the bank',
      at: now,
      set: { completed_at: now },
    });
    current = moved.ok ? moved.attempt : ((await findAttemptById(deps.db, current.id)) ?? current);
  }
  if (isOpenAttempt(current.status)) return { kind: 'still_open', attempt: current };
  if (current.status === 'authorized' || current.status === 'captured') return { kind: 'paid', attempt: current };
  deps.logger.info({ attempt: current.public_id, status: current.status }, 'payment cancelled by the customer');
  return { kind: 'cancelled', attempt: current };
}
