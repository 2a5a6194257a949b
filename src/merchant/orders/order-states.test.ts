import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../db/schema.ts';
import { checkCustomerOrderAction, checkOrderTransition, ORDER_STATES, type OrderActionFacts } from './order-states.ts';

const ALLOWED: [OrderState, OrderState][] = [
  ['awaiting_payment', 'paid'],
  ['awaiting_payment', 'cancelled'],
  ['cancelled', 'awaiting_payment'],
];

describe('order states', () => {
  const pairs = ORDER_STATES.flatMap((from) => ORDER_STATES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    const expected = ALLOWED.some(([f, t]) => f === from && t === to);
    const check = checkOrderTransition(from, to);
    expect(check.ok).toBe(expected);
    if (!check.ok) expect(check.reason).toBe(from === to ? 'same_state' : 'not_allowed');
  });

  it('has paid as a final state, and a cancelled order can only go back to awaiting payment', () => {
    for (const to of ORDER_STATES) expect(checkOrderTransition('paid', to).ok).toBe(false);
    expect(ORDER_STATES.filter((to) => checkOrderTransition('cancelled', to).ok)).toEqual(['awaiting_payment']);
  });
});

describe('what a customer may do to an order', () => {
  const facts = (change: Partial<OrderActionFacts> & { state?: OrderState; kind?: 'purchase' | 'renewal' } = {}) => ({
    order: { state: change.state ?? 'cancelled', kind: change.kind ?? 'renewal' },
    service: change.service ?? { status: 'active' as const, expires_on: '2026-12-20' },
    paymentInProgress: change.paymentInProgress ?? false,
    otherOrderAwaiting: change.otherOrderAwaiting ?? false,
    today: change.today ?? '2026-12-02',
  });

  it('cancels an order awaiting payment of either kind, never a paid one or one being paid', () => {
    for (const kind of ['purchase', 'renewal'] as const) {
      expect(checkCustomerOrderAction('cancel', facts({ state: 'awaiting_payment', kind }))).toEqual({
        ok: true,
        to: 'cancelled',
      });
    }
    expect(checkCustomerOrderAction('cancel', facts({ state: 'paid' }))).toEqual({ ok: false, reason: 'paid' });
    expect(checkCustomerOrderAction('cancel', facts({ state: 'cancelled' }))).toEqual({
      ok: false,
      reason: 'wrong_state',
    });
    expect(checkCustomerOrderAction('cancel', facts({ state: 'awaiting_payment', paymentInProgress: true }))).toEqual({
      ok: false,
      reason: 'payment_in_progress',
    });
  });

  it('reactivates a cancelled renewal while its service runs, up to and including the expiry day', () => {
    expect(checkCustomerOrderAction('reactivate', facts())).toEqual({ ok: true, to: 'awaiting_payment' });
    expect(checkCustomerOrderAction('reactivate', facts({ today: '2026-12-20' })).ok).toBe(true);
    expect(checkCustomerOrderAction('reactivate', facts({ today: '2026-12-21' }))).toEqual({
      ok: false,
      reason: 'service_ended',
    });
    for (const status of ['expired', 'cancelled', 'pending'] as const) {
      expect(checkCustomerOrderAction('reactivate', facts({ service: { status, expires_on: '2026-12-20' } }))).toEqual({
        ok: false,
        reason: 'service_ended',
      });
    }
  });

  it('does not reactivate a purchase, a paid or awaiting order, one being paid, or beside another awaiting order', () => {
    const refusal = (change: Parameters<typeof facts>[0]) => {
      const check = checkCustomerOrderAction('reactivate', facts(change));
      return check.ok ? 'ok' : check.reason;
    };
    expect(refusal({ kind: 'purchase' })).toBe('not_a_renewal');
    expect(refusal({ state: 'paid' })).toBe('paid');
    expect(refusal({ state: 'awaiting_payment' })).toBe('wrong_state');
    expect(refusal({ paymentInProgress: true })).toBe('payment_in_progress');
    expect(refusal({ otherOrderAwaiting: true })).toBe('other_order_awaiting');
  });
});
