import type { PaymentAttemptStatus, PaymentPurpose } from '../../db/schema.ts';

/**
 * Every move a payment attempt may make — whatever it is for (SPEC §4). An attempt is money asked of the bank: a
 * customer paying an order on the bank's hosted page (`order_payment`), the one-cent check that saves a card
 * (`card_verification`), or a merchant-initiated renewal charge (`renewal_charge`). It is written `created` before
 * the bank is called.
 *
 * Hosted sessions (order payments, verifications): `redirected` once the bank session exists, `authenticating` while
 * 3-D Secure is under way, then the bank's answer:
 * - `authorized`: the money is held and ours to take — an order payment's authorization, captured by a job
 *   (`captured`), or a verification's, whose card is saved and whose cent is voided (`voided`);
 * - `void_pending`: held but not wanted — a duplicate authorization of an order already paid (another tab, another
 *   path): voided by a job, never captured;
 * - `declined`, `failed`, `abandoned` (the bank session expired, or never existed), `cancelled` (superseded: the
 *   bank session was cancelled at the bank before another attempt of the order started; or given up: "Annulla
 *   pagamento" on Pagamenti or on the bank's pages).
 *
 * Renewal charges authorize and capture in one call: `created` → `captured` or `declined`/`failed`. Captured money
 * that must go back (a charge approved for an order paid meanwhile) is `refund_pending` until the bank confirms the
 * refund (`refunded`).
 *
 * Refunds the provider asks for (src/merchant/refunds/) live in their own table and leave a captured payment
 * `captured` while part of it is refunded; the refund that brings the refunded total to the whole amount moves it
 * `captured` → `refunded` directly (not through `refund_pending`, whose job would give back the whole amount).
 *
 * `needs_attention`: the reconciliation gave up after its last try (the bank does not know the session, a capture
 * keeps failing): visible to operators; a later answer of the bank can still settle it.
 */
export const ATTEMPT_TRANSITIONS = {
  created: [
    'redirected',
    'captured',
    'refund_pending',
    'declined',
    'failed',
    'abandoned',
    'cancelled',
    'needs_attention',
  ],
  redirected: [
    'authenticating',
    'authorized',
    'void_pending',
    'captured',
    'refund_pending',
    'declined',
    'failed',
    'abandoned',
    'cancelled',
    'needs_attention',
  ],
  authenticating: [
    'authorized',
    'void_pending',
    'captured',
    'refund_pending',
    'declined',
    'failed',
    'abandoned',
    'cancelled',
    'needs_attention',
  ],
  authorized: ['captured', 'voided', 'refund_pending', 'needs_attention'],
  void_pending: ['voided', 'refund_pending', 'needs_attention'],
  captured: ['refund_pending', 'refunded'],
  refund_pending: ['refunded', 'needs_attention'],
  needs_attention: [
    'authorized',
    'void_pending',
    'captured',
    'voided',
    'refund_pending',
    'refunded',
    'declined',
    'failed',
    'abandoned',
    'cancelled',
  ],
  voided: [],
  refunded: [],
  declined: [],
  failed: [],
  abandoned: [],
  cancelled: [],
} as const satisfies Record<PaymentAttemptStatus, readonly PaymentAttemptStatus[]>;

/** Waiting for the customer or the bank: at most one per order (a partial unique index says so too). */
export const OPEN_ATTEMPT_STATUSES = [
  'created',
  'redirected',
  'authenticating',
] as const satisfies readonly PaymentAttemptStatus[];

/**
 * A payment of the order is under way or its outcome is not known yet: an open attempt, or one the reconciliation is
 * still trying to settle. The customer can neither cancel nor reactivate such an order (orders/order-states.ts).
 */
export const IN_PROGRESS_ATTEMPT_STATUSES = [
  ...OPEN_ATTEMPT_STATUSES,
  'needs_attention',
] as const satisfies readonly PaymentAttemptStatus[];

/** Holding or holding-then-taking the order's money: at most one per order (a partial unique index). */
export const PAID_ATTEMPT_STATUSES = ['authorized', 'captured'] as const satisfies readonly PaymentAttemptStatus[];

/** Settled with the customer, but owing the bank one more call (capture, void or refund, run by a job). */
export const FOLLOW_UP_STATUSES = [
  'authorized',
  'void_pending',
  'refund_pending',
] as const satisfies readonly PaymentAttemptStatus[];

export function isOpenAttempt(status: PaymentAttemptStatus): boolean {
  return (OPEN_ATTEMPT_STATUSES as readonly string[]).includes(status);
}

/** The customer's answer is in and no money moves on it any more (apart from a later refund of captured money). */
export function isFinalAttempt(status: PaymentAttemptStatus): boolean {
  return ATTEMPT_TRANSITIONS[status].length === 0 || status === 'captured';
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

/** Purposes paid on the bank's hosted page (a session with a redirect), as opposed to a merchant-initiated charge. */
export function usesHostedSession(purpose: PaymentPurpose): boolean {
  return purpose !== 'renewal_charge';
}
