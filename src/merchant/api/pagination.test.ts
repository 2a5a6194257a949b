import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { createOrder } from '../orders/create-order.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('API pagination on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  let customer: string;
  const created: string[] = [];
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
    key = await testApiKey(database.db);
    const { customerId, subscription } = await customerWithService(database.db);
    customer = `cus_${customerId}`;
    for (let i = 0; i < 250; i += 1) {
      clock.advance(1_000);
      const order = await createOrder(
        database.db,
        { customerId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 1 },
        { clock, timeZone: 'Europe/Rome' },
      );
      created.push(`ord_${order.id}`);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const walk = async (limit: number | undefined) => {
    const seen: string[] = [];
    let pages = 0;
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ customer, ...(limit ? { limit: String(limit) } : {}) });
      if (after) query.set('starting_after', after);
      const response = await app.inject({
        url: `/api/v1/orders?${query}`,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.statusCode).toBe(200);
      const page = response.json() as { object: string; data: { id: string }[]; has_more: boolean };
      expect(page.object).toBe('list');
      pages += 1;
      seen.push(...page.data.map((o) => o.id));
      if (!page.has_more) return { seen, pages };
      after = page.data.at(-1)?.id;
    }
  };

  it('reaches every one of 250 orders exactly once, newest first, 100 a page', async () => {
    const { seen, pages } = await walk(100);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('pages by 10 by default', async () => {
    const { seen, pages } = await walk(undefined);
    expect(pages).toBe(25);
    expect(new Set(seen).size).toBe(250);
  });

  it('does not shift a page when newer orders arrive meanwhile', async () => {
    const first = (
      await app.inject({
        url: `/api/v1/orders?customer=${customer}&limit=5`,
        headers: { authorization: `Bearer ${key}` },
      })
    ).json();
    const { customerId, subscription } = await customerWithService(database.db);
    await createOrder(
      database.db,
      { customerId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 1 },
      { clock, timeZone: 'Europe/Rome' },
    );
    const next = (
      await app.inject({
        url: `/api/v1/orders?customer=${customer}&limit=5&starting_after=${first.data[4].id}`,
        headers: { authorization: `Bearer ${key}` },
      })
    ).json();
    expect(next.data.map((o: { id: string }) => o.id)).toEqual([...created].reverse().slice(5, 10));
  });
});
