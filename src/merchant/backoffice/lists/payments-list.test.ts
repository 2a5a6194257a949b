import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import type { TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';
import {
  type AttemptSpec,
  insertAttempts,
  insertCustomer,
  insertOrders,
  insertRenewal,
  insertService,
  minutesAfter,
  parseCsv,
} from './testing/list-fixtures.ts';
import { allPages } from './testing/list-pages.ts';

const START = new Date('2026-11-10T00:00:00Z');

/** The attempts a payments page shows, by public id, in its order. */
const shownAttempts = (html: string) =>
  [...html.matchAll(/<td><code>((?:pa|cv)_[0-9a-f]{32})<\/code><\/td>/g)].map((m) => m[1] as string);

describe.each(testDatabaseKinds())('the payments list (%s)', (kind) => {
  let bo: TestBackoffice;
  let client: TestClient;

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    client = (await bo.signIn('viewer')).client;
    const customerId = await insertCustomer(bo.db, '@SUM(1+1)');
    const serviceId = await insertService(bo.db, customerId, { autoRenew: true });
    const orders = await insertOrders(
      bo.db,
      Array.from({ length: 40 }, (_, i) => ({
        customerId,
        subscriptionId: serviceId,
        createdAt: minutesAfter(START, i),
      })),
    );
    const renewalOrder = orders[39];
    if (!renewalOrder) throw new Error('no orders');
    const renewalId = await insertRenewal(bo.db, {
      subscriptionId: serviceId,
      customerId,
      orderId: renewalOrder.id,
      periodStart: '2027-01-01',
      status: 'retry_scheduled',
      createdAt: START,
    });
    const reasons = ['insufficient_funds', 'do_not_honor', 'expired_card'];
    const specs: AttemptSpec[] = [];
    for (let i = 0; i < 120; i += 1) {
      const order = orders[i % 39];
      const createdAt = minutesAfter(START, i * 97 + (i % 11 === 0 ? 0 : 30));
      if (i % 10 === 0)
        specs.push({ customerId, orderId: null, purpose: 'card_verification', status: 'voided', createdAt });
      else if (i < 39 && i % 3 === 0)
        specs.push({ customerId, orderId: order?.id ?? null, status: 'captured', createdAt });
      else if (i % 4 === 0) specs.push({ customerId, orderId: order?.id ?? null, status: 'abandoned', createdAt });
      else specs.push({ customerId, orderId: order?.id ?? null, declineReason: reasons[i % 3], createdAt });
    }
    specs.push({
      customerId,
      orderId: renewalOrder.id,
      purpose: 'renewal_charge',
      renewalId,
      declineReason: 'insufficient_funds',
      createdAt: minutesAfter(START, 5),
    });
    await insertAttempts(bo.db, specs);
  });
  afterAll(async () => {
    await bo?.close();
  });

  async function expected(where: RawBuilder<unknown>): Promise<string[]> {
    const result = await sql<{ public_id: string }>`select public_id from payment_attempts pa where ${where}
      order by created_at desc, id desc`.execute(bo.db);
    return result.rows.map((row) => row.public_id);
  }

  test('the page lists attempts with their order, customer and Italian status, but no card verification', async () => {
    const page = await client.get('/pagamenti');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Pagamenti</h1>');
    expect(page.body).toContain('<label for="filter-purpose">Scopo</label>');
    expect(page.body).toContain('<label for="filter-decline">Motivo del rifiuto</label>');
    expect(page.body).toContain('<span class="badge badge-warn">Rifiutato</span>');
    expect((await client.get('/pagamenti?status=captured')).body).toContain(
      '<span class="badge badge-ok">Incassato</span>',
    );
    expect(page.body).toMatch(/<td><a href="\/ordini\/ORD-2099-\d{6}">ORD-2099-\d{6}<\/a><\/td>/);
    expect(page.body).not.toContain('Verifica carta</td>');
    expect(shownAttempts(page.body)).toEqual((await expected(sql`purpose <> 'card_verification'`)).slice(0, 50));
  });

  test.each([
    ['purpose=card_verification', sql`purpose = 'card_verification'`],
    [
      'status=declined&decline=do_not_honor',
      sql`status = 'declined' and decline_reason = 'do_not_honor' and purpose <> 'card_verification'`,
    ],
    ['purpose=renewal_charge', sql`purpose = 'renewal_charge'`],
    [
      'status=abandoned&from=2026-11-11&to=2026-11-14',
      sql`status = 'abandoned' and purpose <> 'card_verification'
        and (created_at at time zone 'Europe/Rome')::date between '2026-11-11' and '2026-11-14'`,
    ],
  ])('the rows of ?%s are what SQL finds', async (query, where) => {
    const page = await client.get(`/pagamenti?${query}`);
    expect(page.statusCode).toBe(200);
    const rows = await expected(where);
    expect(rows.length).toBeGreaterThan(0);
    expect(shownAttempts(page.body)).toEqual(rows.slice(0, 50));
  });

  test('every attempt once over the pages, and the CSV of the same filter has the same rows', async () => {
    const { rows, pages } = await allPages(client, '/pagamenti', shownAttempts);
    expect(pages).toBeGreaterThan(2);
    expect(rows).toEqual(await expected(sql`purpose <> 'card_verification'`));
    const csv = await client.get('/pagamenti?format=csv&status=declined');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pagamenti-2026-11-28.csv"');
    const [header, ...records] = parseCsv(csv.body);
    expect(header?.slice(0, 7)).toEqual([
      'payment',
      'created_at',
      'order_number',
      'customer_id',
      'customer_name',
      'purpose',
      'status',
    ]);
    expect(records.map((r) => r[0])).toEqual(
      await expected(sql`status = 'declined' and purpose <> 'card_verification'`),
    );
    // The demo history has declined payments of its own customers too: the fixture's are told by their name.
    const ours = records.filter((r) => r[4] === "'@SUM(1+1)");
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((r) => r[10] === '12.20' && r[11] === 'EUR')).toBe(true);
    expect(records.some((r) => r[4]?.startsWith('@'))).toBe(false);
  });

  test.each(['status=lost', 'purpose=gift', 'decline=because', 'from=2026-11-31', 'after=2026-11-10_x'])(
    '?%s is a 400',
    async (query) => {
      const page = await client.get(`/pagamenti?${query}`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('Non è possibile mostrare la lista con questi filtri:');
    },
  );
});
