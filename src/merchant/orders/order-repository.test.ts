import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase, OrderState } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { createOrder } from './create-order.ts';
import { findOrderById, listOrderEvents, type TransitionResult, transitionOrder } from './order-repository.ts';
import { customerWithService } from './test-fixtures.ts';

type Case = {
  name: string;
  /** Transitions applied first, to reach the starting state. */
  before: OrderState[];
  from: OrderState;
  to: OrderState;
  expected: TransitionResult['ok'] | 'state_changed' | 'not_allowed' | 'same_state';
  finalState: OrderState;
};

const CASES: Case[] = [
  {
    name: 'an awaiting order gets paid',
    before: [],
    from: 'awaiting_payment',
    to: 'paid',
    expected: true,
    finalState: 'paid',
  },
  {
    name: 'an awaiting order gets cancelled',
    before: [],
    from: 'awaiting_payment',
    to: 'cancelled',
    expected: true,
    finalState: 'cancelled',
  },
  {
    name: 'a paid order cannot be cancelled',
    before: ['paid'],
    from: 'paid',
    to: 'cancelled',
    expected: 'not_allowed',
    finalState: 'paid',
  },
  {
    name: 'a cancelled order cannot be paid',
    before: ['cancelled'],
    from: 'cancelled',
    to: 'paid',
    expected: 'not_allowed',
    finalState: 'cancelled',
  },
  {
    name: 'a paid order cannot go back to awaiting',
    before: ['paid'],
    from: 'paid',
    to: 'awaiting_payment',
    expected: 'not_allowed',
    finalState: 'paid',
  },
  {
    name: 'a stale "from" loses the compare-and-set',
    before: ['cancelled'],
    from: 'awaiting_payment',
    to: 'paid',
    expected: 'state_changed',
    finalState: 'cancelled',
  },
  {
    name: 'a move to the same state is refused',
    before: [],
    from: 'awaiting_payment',
    to: 'awaiting_payment',
    expected: 'same_state',
    finalState: 'awaiting_payment',
  },
];

describe.each(testDatabaseKinds())('order transitions on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2026-11-28T09:30:00Z');

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  async function newOrder() {
    const { customerId, subscription } = await customerWithService(db);
    return createOrder(
      db,
      { customerId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 1 },
      { clock, timeZone: 'Europe/Rome' },
    );
  }

  it.each(CASES)('$name', async ({ before, from, to, expected, finalState }) => {
    const order = await newOrder();
    let state: OrderState = 'awaiting_payment';
    for (const next of before) {
      const r = await transitionOrder(db, {
        orderId: order.id,
        from: state,
        to: next,
        reason: 'setup',
        at: clock.now(),
      });
      expect(r.ok).toBe(true);
      state = next;
    }
    const eventsBefore = (await listOrderEvents(db, order.id)).length;
    const result = await transitionOrder(db, { orderId: order.id, from, to, reason: 'test', at: clock.now() });
    if (expected === true) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, reason: expected });

    const after = await findOrderById(db, order.id);
    expect(after?.state).toBe(finalState);
    const events = await listOrderEvents(db, order.id);
    expect(events.length).toBe(eventsBefore + (result.ok ? 1 : 0));
    if (result.ok) expect(events.at(-1)).toMatchObject({ from_state: from, to_state: to, reason: 'test' });
  });

  it('stamps paid_at and cancelled_at with the transition time', async () => {
    const paid = await newOrder();
    const at = new Date('2026-11-28T10:00:00Z');
    await transitionOrder(db, { orderId: paid.id, from: 'awaiting_payment', to: 'paid', reason: 'card', at });
    expect(await findOrderById(db, paid.id)).toMatchObject({ paid_at: at, cancelled_at: null });
    const cancelled = await newOrder();
    await transitionOrder(db, {
      orderId: cancelled.id,
      from: 'awaiting_payment',
      to: 'cancelled',
      reason: 'customer',
      at,
    });
    expect(await findOrderById(db, cancelled.id)).toMatchObject({ paid_at: null, cancelled_at: at });
  });

  it('lets exactly one of two racing transitions win', async () => {
    const order = await newOrder();
    const results = await Promise.all([
      transitionOrder(db, { orderId: order.id, from: 'awaiting_payment', to: 'paid', reason: 'a', at: clock.now() }),
      transitionOrder(db, {
        orderId: order.id,
        from: 'awaiting_payment',
        to: 'cancelled',
        reason: 'b',
        at: clock.now(),
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'state_changed' }]);
    expect(await listOrderEvents(db, order.id)).toHaveLength(2);
  });
});
