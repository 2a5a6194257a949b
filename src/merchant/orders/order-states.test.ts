import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../db/schema.ts';
import { checkOrderTransition, ORDER_STATES } from './order-states.ts';

const ALLOWED: [OrderState, OrderState][] = [
  ['awaiting_payment', 'paid'],
  ['awaiting_payment', 'cancelled'],
];

describe('order states', () => {
  const pairs = ORDER_STATES.flatMap((from) => ORDER_STATES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    const expected = ALLOWED.some(([f, t]) => f === from && t === to);
    const check = checkOrderTransition(from, to);
    expect(check.ok).toBe(expected);
    if (!check.ok) expect(check.reason).toBe(from === to ? 'same_state' : 'not_allowed');
  });

  it('has paid and cancelled as final states', () => {
    for (const to of ORDER_STATES) {
      expect(checkOrderTransition('paid', to).ok).toBe(false);
      expect(checkOrderTransition('cancelled', to).ok).toBe(false);
    }
  });
});
