import type { PaymentAttemptStatus } from '../../db/schema.ts';

/**
 * Every move a payment attempt may make (SPEC §4), apart from the order's own state. An attempt is written `created`
 * before the bank is called, becomes `redirected` once the bank session exists, `authenticating` while the bank says
 * 3-D Secure is under way, and ends `authorized`, `declined`, `failed` or `abandoned` (the bank let it expire).
 *
 * One more ending, for the race the issue describes: the bank authorized this attempt but the order had already been
 * paid by another one. Such an attempt is `refund_pending` until the refund is confirmed by the bank, then `refunded`.
 */
export const ATTEMPT_TRANSITIONS = {
  created: ['redirected', 'failed', 'abandoned'],
  redirected: ['authenticating', 'authorized', 'declined', 'failed', 'abandoned', 'refund_pending'],
  authenticating: ['authorized', 'declined', 'failed', 'abandoned', 'refund_pending'],
  authorized: [],
  declined: [],
  failed: [],
  abandoned: [],
  refund_pending: ['refunded'],
  refunded: [],
} as const satisfies Record<PaymentAttemptStatus, readonly PaymentAttemptStatus[]>;

export const OPEN_ATTEMPT_STATUSES = [
  'created',
  'redirected',
  'authenticating',
] as const satisfies readonly PaymentAttemptStatus[];

export function isOpenAttempt(status: PaymentAttemptStatus): boolean {
  return (OPEN_ATTEMPT_STATUSES as readonly string[]).includes(status);
}

/** Undefined when the move is allowed, else why not (a guard returns a reason rather than throwing). */
export function attemptTransitionRefusal(
  from: PaymentAttemptStatus,
  to: PaymentAttemptStatus,
): 'same_state' | 'not_allowed' | undefined {
  if (from === to) return 'same_state';
  const allowed: readonly PaymentAttemptStatus[] = ATTEMPT_TRANSITIONS[from];
  return allowed.includes(to) ? undefined : 'not_allowed';
}
