import type { OrderKind, OrderState, SubscriptionStatus } from '../../db/schema.ts';

/**
 * Which state an order may move to from each state. A payment in progress never changes the order's state (the
 * payment attempt has its own); only a captured payment makes it `paid`, and only an order still awaiting payment can
 * be cancelled. `paid` is final. `cancelled` can go back to `awaiting_payment` only by the customer's "Riattiva" on a
 * renewal order, under the rules of CUSTOMER_ORDER_ACTIONS below.
 */
export const ORDER_TRANSITIONS = {
  awaiting_payment: ['paid', 'cancelled'],
  paid: [],
  cancelled: ['awaiting_payment'],
} as const satisfies Record<OrderState, readonly OrderState[]>;

export const ORDER_STATES = Object.keys(ORDER_TRANSITIONS) as OrderState[];

export type TransitionCheck = { ok: true } | { ok: false; reason: 'same_state' | 'not_allowed' };

/** A guard that says why not, rather than throwing: callers decide whether a refusal is a bug or an expected outcome. */
export function checkOrderTransition(from: OrderState, to: OrderState): TransitionCheck {
  if (from === to) return { ok: false, reason: 'same_state' };
  const allowed: readonly OrderState[] = ORDER_TRANSITIONS[from];
  return allowed.includes(to) ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/**
 * What a customer may do to one of their orders from Area Clienti, as data: the move it makes, the kinds of order it
 * applies to, and whether it needs the service still running.
 * - "Annulla" (cancel): an order awaiting payment, of any kind.
 * - "Riattiva" (reactivate): a cancelled renewal order goes back to awaiting payment, while its service is active and
 *   has not expired yet (today, as a business date, is on or before `expires_on`) and no other order of the service
 *   awaits payment. After expiry the period it renewed has passed: a new order is the way to renew.
 * Neither is ever allowed while a payment of the order is in progress (an open or unresolved attempt), nor on a paid
 * order.
 */
export const CUSTOMER_ORDER_ACTIONS = {
  cancel: { from: 'awaiting_payment', to: 'cancelled', kinds: ['purchase', 'renewal'], needsRunningService: false },
  reactivate: { from: 'cancelled', to: 'awaiting_payment', kinds: ['renewal'], needsRunningService: true },
} as const satisfies Record<
  string,
  { from: OrderState; to: OrderState; kinds: readonly OrderKind[]; needsRunningService: boolean }
>;

export type CustomerOrderAction = keyof typeof CUSTOMER_ORDER_ACTIONS;

/** What the guard needs to know about an order, its service and today. */
export interface OrderActionFacts {
  order: { state: OrderState; kind: OrderKind };
  service: { status: SubscriptionStatus; expires_on: string | null };
  /** A payment attempt of the order is open, or its outcome is not known yet. */
  paymentInProgress: boolean;
  /** Another order of the same service awaits payment. */
  otherOrderAwaiting: boolean;
  /** The business date today ('YYYY-MM-DD'). */
  today: string;
}

export type OrderActionRefusal =
  | 'paid'
  | 'wrong_state'
  | 'payment_in_progress'
  | 'not_a_renewal'
  | 'service_ended'
  | 'other_order_awaiting';

export type OrderActionCheck = { ok: true; to: OrderState } | { ok: false; reason: OrderActionRefusal };

/** Whether the customer may take `action` on the order now, and if not the reason to tell them. */
export function checkCustomerOrderAction(action: CustomerOrderAction, facts: OrderActionFacts): OrderActionCheck {
  const rule = CUSTOMER_ORDER_ACTIONS[action];
  if (facts.order.state === 'paid') return { ok: false, reason: 'paid' };
  if (facts.order.state !== rule.from || !checkOrderTransition(rule.from, rule.to).ok) {
    return { ok: false, reason: 'wrong_state' };
  }
  if (facts.paymentInProgress) return { ok: false, reason: 'payment_in_progress' };
  if (!(rule.kinds as readonly OrderKind[]).includes(facts.order.kind)) return { ok: false, reason: 'not_a_renewal' };
  if (rule.needsRunningService) {
    const expiresOn = facts.service.expires_on;
    if (facts.service.status !== 'active' || expiresOn === null || expiresOn < facts.today) {
      return { ok: false, reason: 'service_ended' };
    }
    if (facts.otherOrderAwaiting) return { ok: false, reason: 'other_order_awaiting' };
  }
  return { ok: true, to: rule.to };
}
