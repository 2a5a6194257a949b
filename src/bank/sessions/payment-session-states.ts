import type { PaymentSessionStatus } from '../db/schema.ts';

/**
 * Every move a payment session may make. `created` is the session the merchant asked for; the customer's first visit
 * moves it to `awaiting_card` (or, with a saved card, straight to `authenticating`); "Invio dati" starts 3-D Secure;
 * the issuer's answer ends the customer's part. Until then the merchant may cancel it.
 *
 * An authorization holds the money without taking it: the merchant captures it (all or part; the rest is released)
 * or voids it, and one not captured in time lapses to `voided`. With automatic capture the session moves
 * authorized → captured in the transaction that authorizes it, both moves in its history.
 *
 * The six final states have no way out: a final answer never changes.
 */
export const PAYMENT_SESSION_TRANSITIONS = {
  created: ['awaiting_card', 'authenticating', 'expired', 'cancelled'],
  awaiting_card: ['authenticating', 'expired', 'cancelled'],
  authenticating: ['authorized', 'declined', 'failed', 'expired', 'cancelled'],
  authorized: ['captured', 'voided'],
  captured: [],
  voided: [],
  declined: [],
  failed: [],
  expired: [],
  cancelled: [],
} as const satisfies Record<PaymentSessionStatus, readonly PaymentSessionStatus[]>;

/** The customer's part is under way: the merchant may still cancel it, and it expires if nobody finishes it. */
export const OPEN_STATUSES: readonly PaymentSessionStatus[] = ['created', 'awaiting_card', 'authenticating'];
/** No way out of these. */
export const FINAL_STATUSES: readonly PaymentSessionStatus[] = (
  Object.keys(PAYMENT_SESSION_TRANSITIONS) as PaymentSessionStatus[]
).filter((status) => PAYMENT_SESSION_TRANSITIONS[status].length === 0);

export function isOpen(status: PaymentSessionStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The customer's part is over (authorized, or final): the hosted pages show the result. */
export function hasEnded(status: PaymentSessionStatus): boolean {
  return !isOpen(status);
}

export function isFinal(status: PaymentSessionStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Undefined when allowed, or the reason it is not (a guard returns a reason rather than throwing). */
export function transitionRefusal(from: PaymentSessionStatus, to: PaymentSessionStatus): string | undefined {
  const allowed: readonly PaymentSessionStatus[] = PAYMENT_SESSION_TRANSITIONS[from];
  return allowed.includes(to) ? undefined : `a ${from} payment session cannot become ${to}`;
}
