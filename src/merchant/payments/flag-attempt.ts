import type { PaymentAttempt } from '../../db/schema.ts';
import { transitionAttempt } from './attempt-repository.ts';
import { attemptTransitionRefusal } from './attempt-states.ts';
import type { PaymentDeps } from './payment-deps.ts';

/**
 * Leaves an attempt for an operator (`needs_attention`, with the reason), when the code has done all it can: the bank
 * keeps not knowing it, or keeps refusing the call it owes. A later answer of the bank can still settle it.
 */
export async function flagAttempt(
  deps: Pick<PaymentDeps, 'db' | 'clock' | 'logger'>,
  attempt: PaymentAttempt,
  reason: string,
): Promise<void> {
  if (attemptTransitionRefusal(attempt.status, 'needs_attention')) return;
  const moved = await transitionAttempt(deps.db, {
    attemptId: attempt.id,
    from: attempt.status,
    to: 'needs_attention',
    reason,
    at: deps.clock.now(),
    set: { attention_reason: reason.slice(0, 500) },
  });
  if (moved.ok)
    deps.logger.error({ attempt: attempt.public_id, from: attempt.status, reason }, 'payment needs attention');
}
