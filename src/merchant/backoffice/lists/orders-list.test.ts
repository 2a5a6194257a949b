import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import type { TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';
import {
  insertCustomer,
  insertOrders,
  insertService,
  minutesAfter,
  type OrderSpec,
  parseCsv,
} from './testing/list-fixtures.ts';
import { allPages, linkedOrders } from './testing/list-pages.ts';

const FORMULA_NAME = '=HYPERLINK("x")';
const START = new Date('2026-11-01T00:00:00Z');

describe.each(testDatabaseKinds())('the orders list (%s)', (kind) => {
  let bo: TestBackoffice;
  let client: TestClient;
  let formulaCustomer: number;
  let otherCustomer: number;

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    client = (await bo.signIn('viewer')).client;
    formulaCustomer = await insertCustomer(bo.db, FORMULA_NAME);
    otherCustomer = await insertCustomer(bo.db, 'Rossi, "Mario"');
    const pec = await insertService(bo.db, formulaCustomer, { product: 'pec' });
    const spid = await insertService(bo.db, otherCustomer, { product: 'spid' });
    const states = ['awaiting_payment', 'paid', 'cancelled'] as const;
    const specs: OrderSpec[] = [];
    for (let i = 0; i < 130; i += 1) {
      // Every tenth pair shares its instant: the pages must still cut between them by id.
      const minutes = (i % 10 === 1 ? i - 1 : i) * 240 + (i % 7 === 0 ? 23 * 60 + 30 : 0);
      specs.push({
        customerId: i % 3 === 0 ? otherCustomer : formulaCustomer,
        subscriptionId: i % 3 === 0 ? spid : pec,
        createdAt: minutesAfter(START, minutes),
        kind: i % 4 === 0 ? 'renewal' : 'purchase',
        state: states[i % 3] ?? 'paid',
        totalCents: 1220 + i,
      });
    }
    await insertOrders(bo.db, specs);
  });
  afterAll(async () => {
    await bo?.close();
  });

  async function expected(where: RawBuilder<unknown>): Promise<string[]> {
    const result = await sql<{ number: string }>`select o.number from orders o
      join subscriptions s on s.id = o.subscription_id where ${where}
      order by o.created_at desc, o.id desc`.execute(bo.db);
    return result.rows.map((row) => row.number);
  }

  test('the page has its filter form with labels, Italian states and links to the order and the customer', async () => {
    const page = await client.get('/ordini');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Ordini</h1>');
    expect(page.body).toContain('<label for="filter-state">Stato</label>');
    expect(page.body).toContain('<label for="filter-from">Dal</label>');
    expect(page.body).toContain('<select id="filter-product" name="product">');
    expect(page.body).toContain('<option value="PEC">PEC');
    expect(page.body).toMatch(/<button type="submit" class="button">\s*Filtra\s*<\/button>/);
    expect(page.body).toContain('<a href="/ordini" class="button button-secondary">Azzera filtri</a>');
    expect(page.body).toContain('<span class="badge badge-wait">Attesa pagamento</span>');
    expect(page.body).toContain('<span class="badge badge-ok">Pagato</span>');
    expect(page.body).toContain('<span class="badge badge-off">Annullato</span>');
    expect(page.body).toContain(`<a href="/clienti/${formulaCustomer}">=HYPERLINK(&quot;x&quot;)</a>`);
    expect(page.body).toContain('<th scope="col">Ordine</th>');
    expect(page.body).toContain('href="/ordini?format=csv"');
    expect(linkedOrders(page.body)).toEqual((await expected(sql`true`)).slice(0, 50));
  });

  test.each([
    ['state=paid', sql`o.state = 'paid'`],
    ['kind=renewal&product=SPID', sql`o.kind = 'renewal' and s.product_code = 'spid'`],
    ['state=cancelled&kind=purchase', sql`o.state = 'cancelled' and o.kind = 'purchase'`],
    [
      'from=2026-11-05&to=2026-11-09',
      sql`(o.created_at at time zone 'Europe/Rome')::date between '2026-11-05' and '2026-11-09'`,
    ],
  ])('the rows of ?%s are what SQL finds', async (query, where) => {
    const page = await client.get(`/ordini?${query}`);
    expect(page.statusCode).toBe(200);
    const rows = await expected(where);
    expect(rows.length).toBeGreaterThan(3);
    expect(linkedOrders(page.body)).toEqual(rows.slice(0, 50));
  });

  test("a customer's filter shows that customer's orders only", async () => {
    const page = await client.get(`/ordini?customer=${otherCustomer}&state=awaiting_payment`);
    const rows = await expected(sql`o.customer_id = ${otherCustomer} and o.state = 'awaiting_payment'`);
    expect(rows.length).toBeGreaterThan(3);
    expect(linkedOrders(page.body)).toEqual(rows);
  });

  test('"Successivi" reaches every row exactly once, newest first, over more than two pages', async () => {
    const { rows, pages } = await allPages(client, '/ordini', linkedOrders);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows).toEqual(await expected(sql`true`));
    const filtered = await allPages(client, '/ordini?product=pec', linkedOrders);
    expect(filtered.pages).toBeGreaterThanOrEqual(2);
    expect(filtered.rows).toEqual(await expected(sql`s.product_code = 'pec'`));
  });

  test('the CSV of a filter is every row of it, quoted, amounts in euros, and a formula stays text', async () => {
    const csv = await client.get('/ordini?format=csv&product=PEC');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="ordini-2026-11-28.csv"');
    const [header, ...records] = parseCsv(csv.body);
    expect(header).toEqual([
      'number',
      'created_at',
      'customer_id',
      'customer_name',
      'customer_email',
      'product',
      'service',
      'kind',
      'state',
      'total',
      'currency',
    ]);
    expect(records.map((r) => r[0])).toEqual(await expected(sql`s.product_code = 'pec'`));
    const record = records.find((r) => r[2] === String(formulaCustomer));
    const row = await bo.db
      .selectFrom('orders')
      .selectAll()
      .where('number', '=', record?.[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(record).toEqual([
      row.number,
      row.created_at.toISOString(),
      String(formulaCustomer),
      `'${FORMULA_NAME}`,
      expect.stringMatching(/@example\.com$/),
      'PEC',
      expect.stringMatching(/^servizio-/),
      row.kind,
      row.state,
      `${Math.floor(row.total_cents / 100)}.${String(row.total_cents % 100).padStart(2, '0')}`,
      'EUR',
    ]);
    expect(csv.body).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
    const quoted = await client.get(`/ordini?format=csv&customer=${otherCustomer}`);
    expect(quoted.body).toContain(',"Rossi, ""Mario""",');
  });

  test('the CSV of the first page is the page: same rows, same order', async () => {
    const page = await client.get('/ordini?state=paid&from=2026-11-03');
    const csv = parseCsv((await client.get('/ordini?state=paid&from=2026-11-03&format=csv')).body);
    expect(csv.slice(1, 51).map((r) => r[0])).toEqual(linkedOrders(page.body));
  });

  test.each([
    ['state=shipped', 'il valore di «Stato» non è valido.'],
    ['kind=gift', 'il valore di «Tipo» non è valido.'],
    ['from=2026-02-30', 'il valore di «Dal» non è valido.'],
    ['to=28/11/2026', 'il valore di «Al» non è valido.'],
    ['from=2026-11-10&to=2026-11-01', 'la data «Dal» è successiva alla data «Al».'],
    ['customer=abc', 'il valore di «Numero cliente» non è valido.'],
    ['product=PEC;drop', 'il valore di «Prodotto» non è valido.'],
    ['after=nonsense', 'il segno di pagina non è valido'],
    ['after=2026-13-01T00:00:00.000Z_5', 'il segno di pagina non è valido'],
    ['format=xlsx', 'il formato richiesto non esiste'],
    ['state=paid&state=cancelled', '«Stato» è indicato più di una volta.'],
  ])('?%s is a 400 that says what is wrong', async (query, message) => {
    const page = await client.get(`/ordini?${query}`);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain(message);
    expect(page.body).toContain('<label for="filter-state">Stato</label>');
    const csv = await client.get(`/ordini?${query}&format=csv`);
    expect(csv.statusCode).toBe(400);
  });
});
