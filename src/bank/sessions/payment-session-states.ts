import type { PaymentSessionStatus } from '../db/schema.ts';

/**
 * Every move a payment session may make. `created` is the session the merchant asked for; the customer's first visit
 * moves it to `awaiting_card` (or, with a saved card, straight to `authenticating`); "Invio dati" starts 3-D Secure;
 * the issuer's answer ends it. The four final states have no way out: a final answer never changes.
 */
export const PAYMENT_SESSION_TRANSITIONS = {
  created: ['awaiting_card', 'authenticating', 'expired'],
  awaiting_card: ['authenticating', 'expired'],
  authenticating: ['authorized', 'declined', 'failed', 'expired'],
  authorized: [],
  declined: [],
  failed: [],
  expired: [],
} as const satisfies Record<PaymentSessionStatus, readonly PaymentSessionStatus[]>;

export const FINAL_STATUSES: readonly PaymentSessionStatus[] = ['authorized', 'declined', 'failed', 'expired'];
export const OPEN_STATUSES: readonly PaymentSessionStatus[] = ['created', 'awaiting_card', 'authenticating'];

export function isFinal(status: PaymentSessionStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Undefined when allowed, or the reason it is not (a guard returns a reason rather than throwing). */
export function transitionRefusal(from: PaymentSessionStatus, to: PaymentSessionStatus): string | undefined {
  const allowed: readonly PaymentSessionStatus[] = PAYMENT_SESSION_TRANSITIONS[from];
  return allowed.includes(to) ? undefined : `a ${from} payment session cannot become ${to}`;
}
