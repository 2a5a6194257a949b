import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { createOrder, OrderCreationError } from './create-order.ts';
import { findOrderOfCustomer, listOrderEvents } from './order-repository.ts';
import { customerWithService } from './test-fixtures.ts';

describe.each(testDatabaseKinds())('creating orders on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2026-11-28T09:30:00Z');
  const deps = { clock, timeZone: 'Europe/Rome' };

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  it('prices the order from the catalogue with VAT per line and waits for payment', async () => {
    const { customerId, subscription } = await customerWithService(db, 'pec');
    const order = await createOrder(
      db,
      { customerId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 2 },
      deps,
    );
    // PEC costs 29.00 a year: 2 years = 58.00 net, 22% VAT = 12.76, total 70.76.
    expect(order).toMatchObject({
      state: 'awaiting_payment',
      kind: 'renewal',
      currency: 'EUR',
      period_years: 2,
      net_cents: 5_800,
      vat_cents: 1_276,
      total_cents: 7_076,
      created_at: clock.now(),
    });
    const found = await findOrderOfCustomer(db, customerId, order.number);
    expect(found?.lines).toEqual([
      expect.objectContaining({
        position: 1,
        product_code: 'pec',
        quantity: 2,
        unit_price_cents: 2_900,
        vat_cents: 1_276,
      }),
    ]);
    expect((await listOrderEvents(db, order.id)).map((e) => [e.from_state, e.to_state])).toEqual([
      [null, 'awaiting_payment'],
    ]);
  });

  it('numbers orders ORD-<year>-NNNNNN from one sequence, increasing and never repeated', async () => {
    const { customerId, subscription } = await customerWithService(db);
    const input = { customerId, subscriptionId: subscription.id, kind: 'purchase' as const, periodYears: 1 };
    const numbers = await Promise.all(Array.from({ length: 5 }, () => createOrder(db, input, deps)));
    const parsed = numbers.map((o) => o.number);
    for (const n of parsed) expect(n).toMatch(/^ORD-2026-\d{6}$/);
    expect(new Set(parsed).size).toBe(5);
    const next = await createOrder(db, input, { ...deps, clock: new ManualClock('2027-01-01T00:00:01Z') });
    expect(next.number).toMatch(/^ORD-2027-\d{6}$/);
    const seq = (n: string) => Number(n.slice(-6));
    expect(seq(next.number)).toBeGreaterThan(Math.max(...parsed.map(seq)));
  });

  it('numbers an order by the year it is made in Rome: 23:30 UTC on New Year’s Eve is already next year', async () => {
    const { customerId, subscription } = await customerWithService(db);
    const input = { customerId, subscriptionId: subscription.id, kind: 'purchase' as const, periodYears: 1 };
    const at = (iso: string, timeZone = 'Europe/Rome') => ({ clock: new ManualClock(iso), timeZone });
    // 23:30 in Rome on 31 December: still 2026.
    expect((await createOrder(db, input, at('2026-12-31T22:30:00Z'))).number).toMatch(/^ORD-2026-\d{6}$/);
    // 00:30 on 1 January in Rome, while UTC still says 31 December.
    const newYear = await createOrder(db, input, at('2026-12-31T23:30:00Z'));
    expect(newYear.number).toMatch(/^ORD-2027-\d{6}$/);
    expect(newYear.created_at.toISOString()).toBe('2026-12-31T23:30:00.000Z');
    // The zone is the configured one, not a constant: in UTC the same instant is still 2026.
    expect((await createOrder(db, input, at('2026-12-31T23:30:00Z', 'UTC'))).number).toMatch(/^ORD-2026-\d{6}$/);
  });

  it("refuses to order on another customer's service", async () => {
    const mine = await customerWithService(db);
    const theirs = await customerWithService(db);
    await expect(
      createOrder(
        db,
        { customerId: mine.customerId, subscriptionId: theirs.subscription.id, kind: 'renewal', periodYears: 1 },
        deps,
      ),
    ).rejects.toThrow(OrderCreationError);
  });

  it('refuses a period outside 1-5 years', async () => {
    const { customerId, subscription } = await customerWithService(db);
    await expect(
      createOrder(db, { customerId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 6 }, deps),
    ).rejects.toThrow(/invalid_period/);
  });
});
