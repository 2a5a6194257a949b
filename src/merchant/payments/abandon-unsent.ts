import type { PaymentAttempt } from '../../db/schema.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import type { PaymentDeps } from './payment-deps.ts';

/**
 * Longer than any call to the bank may take (the adapter gives up after 10 s): an attempt still `created` this long
 * after it was written, whose session the bank does not know by its reference, never reached the bank.
 */
export const NEVER_REACHED_BANK_MS = 30_000;

/**
 * Ends an attempt whose session request never reached the bank (`abandoned`: no money moved, and the order can be
 * paid again). Call it after completeAttempt found no session at the bank by reference; it does nothing to an attempt
 * younger than {@link NEVER_REACHED_BANK_MS}, whose request may still be on its way.
 */
export async function abandonIfNeverSent(deps: PaymentDeps, attempt: PaymentAttempt): Promise<PaymentAttempt> {
  if (attempt.status !== 'created' || attempt.purpose === 'renewal_charge') return attempt;
  const now = deps.clock.now();
  if (now.getTime() - attempt.created_at.getTime() < NEVER_REACHED_BANK_MS) return attempt;
  const moved = await transitionAttempt(deps.db, {
    attemptId: attempt.id,
    from: 'created',
    to: 'abandoned',
    reason: 'the session request never reached the bank',
    at: now,
    set: { completed_at: now },
  });
  return moved.ok ? moved.attempt : ((await findAttemptById(deps.db, attempt.id)) ?? attempt);
}
