import type { PaymentAttempt } from '../../db/schema.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/**
 * Gives back the money of an attempt the bank authorized after its order had been paid by another attempt (two tabs).
 * The refund's idempotency key is derived from the attempt, so calling this again (the reconciliation retries while
 * the bank is unreachable) refunds once.
 */
export async function refundDuplicate(deps: PaymentDeps, attempt: PaymentAttempt): Promise<PaymentAttempt> {
  if (attempt.status !== 'refund_pending' || !attempt.bank_session_id) return attempt;
  try {
    const refund = await deps.gateway.refund({
      paymentSessionId: attempt.bank_session_id,
      amountCents: attempt.amount_cents,
      idempotencyKey: bankKeys.refund(attempt.public_id),
    });
    const moved = await transitionAttempt(deps.db, {
      attemptId: attempt.id,
      from: 'refund_pending',
      to: 'refunded',
      reason: `refund ${refund.id}: the order was already paid`,
      at: deps.clock.now(),
      set: { refund_id: refund.id },
    });
    deps.logger.warn({ attempt: attempt.public_id, refund: refund.id }, 'second payment of a paid order refunded');
    return moved.ok ? moved.attempt : ((await findAttemptById(deps.db, attempt.id)) ?? attempt);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.error({ attempt: attempt.public_id, err: error }, 'refund of a duplicate payment not done yet');
    return attempt;
  }
}
