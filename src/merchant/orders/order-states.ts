import type { OrderState } from '../../db/schema.ts';

/**
 * Which state an order may move to from each state. A payment in progress never changes the order's state (the
 * payment attempt has its own); only a captured payment makes it `paid`, and only an order still awaiting payment can
 * be cancelled. `paid` and `cancelled` are final.
 */
export const ORDER_TRANSITIONS = {
  awaiting_payment: ['paid', 'cancelled'],
  paid: [],
  cancelled: [],
} as const satisfies Record<OrderState, readonly OrderState[]>;

export const ORDER_STATES = Object.keys(ORDER_TRANSITIONS) as OrderState[];

export type TransitionCheck = { ok: true } | { ok: false; reason: 'same_state' | 'not_allowed' };

/** A guard that says why not, rather than throwing: callers decide whether a refusal is a bug or an expected outcome. */
export function checkOrderTransition(from: OrderState, to: OrderState): TransitionCheck {
  if (from === to) return { ok: false, reason: 'same_state' };
  const allowed: readonly OrderState[] = ORDER_TRANSITIONS[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, reason: 'not_allowed' };
}
