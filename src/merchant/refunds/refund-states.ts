import type { RefundStatus } from '../../db/schema.ts';

/**
 * Every move a refund may make. It is written `pending` (its amount already held against the payment, so nothing
 * else can refund it twice) before the bank is asked; the bank's answer makes it `succeeded` (money back) or
 * `failed` (the bank refused: the amount is free again). The database's trigger keeps the same table
 * (migrations/2026-12-02-070-refunds.ts).
 */
export const REFUND_TRANSITIONS = {
  pending: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
} as const satisfies Record<RefundStatus, readonly RefundStatus[]>;

/** Undefined when the move is allowed, else why not. */
export function refundTransitionRefusal(
  from: RefundStatus,
  to: RefundStatus,
): 'same_state' | 'not_allowed' | undefined {
  if (from === to) return 'same_state';
  const allowed: readonly RefundStatus[] = REFUND_TRANSITIONS[from];
  return allowed.includes(to) ? undefined : 'not_allowed';
}
