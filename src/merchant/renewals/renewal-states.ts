import type { RenewalStatus } from '../../db/schema.ts';

/**
 * Where a renewal may go from each state.
 * - `scheduled`: its order exists and the first charge is queued;
 * - `retry_scheduled`: a soft decline; the next charge is queued (it may be scheduled again, up to the retry schedule);
 * - `succeeded`: charged, the order paid and the service extended (final);
 * - `failed`: a hard decline, an expired card, or the retries ran out: the order waits for the customer;
 * - `action_required`: the issuer wants the cardholder present (3-D Secure): the order waits for the customer;
 * - `closed`: nothing more to do for it (the order was paid by hand or cancelled, or automatic renewal was switched
 *   off before the charge) (final).
 */
export const RENEWAL_TRANSITIONS = {
  scheduled: ['succeeded', 'retry_scheduled', 'failed', 'action_required', 'closed'],
  retry_scheduled: ['succeeded', 'retry_scheduled', 'failed', 'action_required', 'closed'],
  failed: ['closed'],
  action_required: ['closed'],
  succeeded: [],
  closed: [],
} as const satisfies Record<RenewalStatus, readonly RenewalStatus[]>;

/** States in which a queued charge may still run. */
export const CHARGEABLE_RENEWAL_STATES = ['scheduled', 'retry_scheduled'] as const satisfies readonly RenewalStatus[];

/** States in which the customer must act (pay the order by hand): Area Clienti shows the banner. */
export const ATTENTION_RENEWAL_STATES = ['failed', 'action_required'] as const satisfies readonly RenewalStatus[];

export function canMoveRenewal(from: RenewalStatus, to: RenewalStatus): boolean {
  return (RENEWAL_TRANSITIONS[from] as readonly RenewalStatus[]).includes(to);
}

export function isChargeable(status: RenewalStatus): boolean {
  return (CHARGEABLE_RENEWAL_STATES as readonly RenewalStatus[]).includes(status);
}
