import { DONE, type JobOutcome } from '../../jobs/worker.ts';
import { GatewayError, type GatewaySession } from '../gateway/payment-gateway.ts';
import { enqueueRefund } from './attempt-jobs.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { flagAttempt } from './flag-attempt.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/**
 * Releases an authorization nobody keeps (a `payment.void` job): a duplicate of an order already paid, or a card
 * verification's cent once its card is saved. Never a capture. If the bank had captured it after all, the money is
 * given back instead (a refund job).
 */
export async function voidAttempt(deps: PaymentDeps, attemptId: number): Promise<JobOutcome> {
  const attempt = await findAttemptById(deps.db, attemptId);
  if (!attempt?.bank_session_id) return DONE;
  const voidable =
    attempt.status === 'void_pending' || (attempt.status === 'authorized' && attempt.purpose === 'card_verification');
  if (!voidable) return DONE;
  let session: GatewaySession | undefined;
  try {
    session = await deps.gateway.voidPayment({
      paymentSessionId: attempt.bank_session_id,
      idempotencyKey: bankKeys.void(attempt.public_id),
    });
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (error.kind !== 'rejected') return { kind: 'retry', reason: `void: ${error.kind} ${error.code}` };
    session = await deps.gateway.getPaymentSession(attempt.bank_session_id);
  }
  const at = deps.clock.now();
  if (session?.status === 'voided' || session?.status === 'expired') {
    await transitionAttempt(deps.db, {
      attemptId: attempt.id,
      from: attempt.status,
      to: 'voided',
      reason: session.status === 'voided' ? 'authorization voided' : 'authorization lapsed',
      at,
    });
    return DONE;
  }
  if (session?.status === 'captured') {
    // Captured after all (an automatic capture, or a capture nobody should have asked for): give it back.
    await deps.db.transaction().execute(async (trx) => {
      const owed = await transitionAttempt(trx, {
        attemptId: attempt.id,
        from: attempt.status,
        to: 'refund_pending',
        reason: 'the bank captured an authorization that was to be voided',
        at,
      });
      if (owed.ok) await enqueueRefund(trx, owed.attempt, at);
    });
    return DONE;
  }
  await flagAttempt(deps, attempt, `void not confirmed: the bank says ${session?.status ?? 'nothing'}`);
  return DONE;
}
