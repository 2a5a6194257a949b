import { addZonedDays, businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import type { DeclineReason } from '../gateway/payment-gateway.ts';

/** Declines that no retry of the same card can fix, whatever the bank calls them. */
const HARD_REASONS: ReadonlySet<string> = new Set(['do_not_honor', 'expired_card', 'stolen_card', 'card_not_active']);

export type AfterDecline =
  /** Charge again at `at` (the try number `attemptNo`). */
  | { next: 'retry'; at: Date; attemptNo: number }
  /** The issuer wants the cardholder present: ask them to pay on-session now; no automatic retry. */
  | { next: 'action_required' }
  /** Hard decline, or the schedule is used up, or the next try would fall on or after the expiry. */
  | { next: 'give_up'; why: 'hard_decline' | 'retries_exhausted' | 'would_be_after_expiry' };

/**
 * What follows a declined renewal charge (SPEC §4). Soft declines are retried `retryDays` after the first declined
 * try (default +1, +3, +5 days), never on or after the service's expiry day; hard declines never are. Days are
 * business days: a retry "1 day later" falls on the next calendar day in `timeZone`, at the same time of day there,
 * even when the clocks change in between (a plain 24 hours after 00:30 on the autumn change is still that day).
 */
export function decideAfterDecline(input: {
  reason: DeclineReason | string;
  kind: 'hard' | 'soft' | null;
  /** The try that was just declined (1 = the first charge). */
  attemptNo: number;
  firstTriedAt: Date;
  /** 'YYYY-MM-DD': the service's expiry. */
  expiresOn: string;
  retryDays: readonly number[];
  /** The business time zone (config.businessTimeZone). */
  timeZone: string;
}): AfterDecline {
  if (input.reason === 'authentication_required') return { next: 'action_required' };
  if (input.kind === 'hard' || HARD_REASONS.has(input.reason)) return { next: 'give_up', why: 'hard_decline' };
  const days = input.retryDays[input.attemptNo - 1];
  if (days === undefined) return { next: 'give_up', why: 'retries_exhausted' };
  const day = addDays(businessDate(input.firstTriedAt, input.timeZone), days);
  if (day >= input.expiresOn) return { next: 'give_up', why: 'would_be_after_expiry' };
  return { next: 'retry', at: addZonedDays(input.firstTriedAt, days, input.timeZone), attemptNo: input.attemptNo + 1 };
}
