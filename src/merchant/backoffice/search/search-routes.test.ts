import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import type { TestClient } from '../../web/test-client.ts';
import {
  insertAttempts,
  insertCustomer,
  insertOrders,
  insertService,
  minutesAfter,
} from '../lists/testing/list-fixtures.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

const START = new Date('2026-11-10T00:00:00Z');
const hex = () => randomBytes(16).toString('hex');

/** The rows a group of the results page links to (customers by id, orders by number, …), in its order. */
function group(html: string, name: 'customers' | 'orders' | 'services' | 'payments'): string[] {
  const section = new RegExp(`<section aria-labelledby="search-${name}">([\\s\\S]*?)</section>`).exec(html)?.[1];
  if (!section) return [];
  const rows = [...section.matchAll(/<tr><td>([\s\S]*?)<\/td>/g)].map((m) => m[1] as string);
  return rows.map((cell) => cell.replace(/<[^>]+>/g, ''));
}

describe.each(testDatabaseKinds())('the back office search (%s)', (kind) => {
  let bo: TestBackoffice;
  let client: TestClient;
  const ids = {} as {
    nicolo: number;
    zoe: number;
    digits: number;
    order: { id: number; number: string };
    payment: { id: number; public_id: string; bank_session_id: string | null };
    verification: { public_id: string };
  };

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    client = (await bo.signIn('viewer')).client;
    ids.nicolo = await insertCustomer(bo.db, 'Nicolò Dell’Acqua', { email: 'nicolo.dellacqua@posta.example.com' });
    ids.zoe = await insertCustomer(bo.db, 'Zoe 50% Sconto_Bis');
    ids.digits = await insertCustomer(bo.db, 'Cliente 7319');
    await insertCustomer(bo.db, 'JÜRGEN Müller-Ñúñez');
    const serviceId = await insertService(bo.db, ids.nicolo, { label: 'studio-dellacqua.example.it' });
    const orders = await insertOrders(
      bo.db,
      Array.from({ length: 3 }, (_, i) => ({
        customerId: ids.nicolo,
        subscriptionId: serviceId,
        createdAt: minutesAfter(START, i),
      })),
    );
    ids.order = orders[0] as { id: number; number: string };
    const attempts = await insertAttempts(bo.db, [
      ...Array.from({ length: 25 }, (_, i) => ({
        customerId: ids.nicolo,
        orderId: ids.order.id,
        createdAt: minutesAfter(START, 10 + i),
        cardLast4: '7319',
        declineReason: 'do_not_honor',
        bankSessionId: `ps_${hex()}`,
      })),
      { customerId: ids.nicolo, orderId: null, purpose: 'card_verification', status: 'voided', createdAt: START },
    ]);
    ids.payment = attempts[0] as (typeof attempts)[number];
    ids.verification = attempts[25] as (typeof attempts)[number];
  });
  afterAll(async () => {
    await bo?.close();
  });

  const search = (q: string) => client.get(`/cerca?q=${encodeURIComponent(q)}`);

  test("an order's number, in any case, goes straight to the order's page", async () => {
    for (const q of [ids.order.number, ` ${ids.order.number.toLowerCase()} `]) {
      const response = await search(q);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/ordini/${ids.order.number}`);
    }
  });

  test("Mario's order number goes to his order", async () => {
    const mario = await bo.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select('orders.number')
      .where('customers.email', '=', 'mario.rossi@example.com')
      .executeTakeFirstOrThrow();
    expect((await search(mario.number)).headers.location).toBe(`/ordini/${mario.number}`);
  });

  test('the beginning of an order number lists the orders it starts, highest first', async () => {
    const prefix = ids.order.number.slice(0, -1);
    const page = await search(prefix);
    expect(page.statusCode).toBe(200);
    const expected = await bo.db
      .selectFrom('orders')
      .select('number')
      .where('number', 'like', `${prefix}%`)
      .orderBy('number', 'desc')
      .limit(20)
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    expect(group(page.body, 'orders')).toEqual(expected.map((row) => row.number));
    expect(group(page.body, 'customers')).toEqual([]);
  });

  test('a whole order number that does not exist finds nothing', async () => {
    const page = await search('ORD-1999-999999');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nessun risultato');
  });

  test("a customer's exact email, in any case, goes to the customer's page", async () => {
    const mario = await bo.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', 'mario.rossi@example.com')
      .executeTakeFirstOrThrow();
    const response = await search('Mario.Rossi@EXAMPLE.com');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/clienti/${mario.id}`);
  });

  test('part of an email lists the customers whose email contains it', async () => {
    const page = await search('dellacqua@posta');
    expect(page.statusCode).toBe(200);
    expect(group(page.body, 'customers')).toEqual(['Nicolò Dell’Acqua']);
    expect(page.body).toContain(`<a href="/clienti/${ids.nicolo}">Nicolò Dell’Acqua</a>`);
  });

  test.each(['NICOLO', 'nicolò dell', 'Nicolo Dell’ACQUA', 'ÀCQUA'])(
    'a name is found whatever its case and accents: %s',
    async (q) => {
      const page = await search(q);
      expect(page.statusCode).toBe(200);
      expect(group(page.body, 'customers')).toEqual(['Nicolò Dell’Acqua']);
    },
  );

  test('two letters find the names, emails and labels with a word that begins with them, not any two letters', async () => {
    expect(group((await search('DE')).body, 'customers')).toContain('Nicolò Dell’Acqua');
    expect(group((await search('ni')).body, 'customers')).toContain('Nicolò Dell’Acqua');
    expect(group((await search('st')).body, 'services')).toContain('studio-dellacqua.example.it');
    // "co" is inside "Nicolò" and "Sconto", but begins no word of theirs.
    const inside = await search('co');
    expect(group(inside.body, 'customers')).not.toContain('Nicolò Dell’Acqua');
    expect(group(inside.body, 'customers')).not.toContain('Zoe 50% Sconto_Bis');
  });

  test('every accented letter folds, upper or lower case', async () => {
    for (const q of ['jurgen muller-nunez', 'MÜLLER', 'ñuñez']) {
      expect(group((await search(q)).body, 'customers'), q).toEqual(['JÜRGEN Müller-Ñúñez']);
    }
  });

  test("a service's label lists the service with its customer", async () => {
    const page = await search('Studio-DellAcqua');
    expect(page.statusCode).toBe(200);
    expect(group(page.body, 'services')).toEqual(['studio-dellacqua.example.it']);
    expect(page.body).toContain(`<a href="/clienti/${ids.nicolo}">Nicolò Dell’Acqua</a>`);
    expect(group(page.body, 'payments')).toEqual([]);
  });

  test("a card's last four lists its attempts, newest first, and never a name with those digits", async () => {
    const page = await search('7319');
    expect(page.statusCode).toBe(200);
    const expected = await sql<{ public_id: string }>`select public_id from payment_attempts
      where card_last4 = '7319' order by created_at desc, id desc limit 20`.execute(bo.db);
    expect(expected.rows).toHaveLength(20);
    expect(group(page.body, 'payments')).toEqual(expected.rows.map((row) => row.public_id));
    expect(page.body).toContain('Sono mostrati i primi 20');
    expect(page.body).toContain('visa ···· 7319');
    expect(group(page.body, 'customers')).toEqual([]);
    expect((await search('Cliente 7319')).statusCode).toBe(200);
    expect(group((await search('Cliente 7319')).body, 'customers')).toEqual(['Cliente 7319']);
  });

  test("a payment's whole id goes to its order; a card verification's to its customer", async () => {
    expect((await search(ids.payment.public_id.toUpperCase())).headers.location).toBe(`/ordini/${ids.order.number}`);
    expect((await search(ids.verification.public_id)).headers.location).toBe(`/clienti/${ids.nicolo}`);
    expect((await search(`pa_${hex()}`)).body).toContain('Nessun risultato');
  });

  test("the beginning of a payment's id lists the attempts it starts", async () => {
    const page = await search(ids.payment.public_id.slice(0, 12));
    expect(page.statusCode).toBe(200);
    expect(group(page.body, 'payments')).toContain(ids.payment.public_id);
  });

  test("a bank session's id goes to its payment's order; its beginning lists it", async () => {
    const session = ids.payment.bank_session_id as string;
    const response = await search(session);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/ordini/${ids.order.number}`);
    expect(group((await search(session.slice(0, 10))).body, 'payments')).toContain(ids.payment.public_id);
  });

  test("the API's ids of a customer and an order go to their pages", async () => {
    expect((await search(`cus_${ids.nicolo}`)).headers.location).toBe(`/clienti/${ids.nicolo}`);
    expect((await search(`ord_${ids.order.id}`)).headers.location).toBe(`/ordini/${ids.order.number}`);
    expect((await search('cus_987654321')).body).toContain('Nessun risultato');
  });

  test('too short, missing, repeated or too long is a 400 page that says why', async () => {
    for (const url of ['/cerca?q=a', '/cerca?q=%20%20', '/cerca', '/cerca?q=ab&q=cd']) {
      const page = await client.get(url);
      expect(page.statusCode, url).toBe(400);
      expect(page.body).toContain('Scrivi almeno 2 caratteri da cercare.');
    }
    const long = await search('x'.repeat(201));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('La ricerca può avere al massimo 200 caratteri.');
  });

  test('wildcards, quotes and markup are plain characters', async () => {
    expect(group((await search('50%')).body, 'customers')).toEqual(['Zoe 50% Sconto_Bis']);
    expect(group((await search('o_b')).body, 'customers')).toEqual(['Zoe 50% Sconto_Bis']);
    for (const q of ['%%', '__', '\\%', "'; drop table customers; --", "' or '1'='1"]) {
      const page = await search(q);
      expect(page.statusCode, q).toBe(200);
      expect(page.body, q).toContain('Nessun risultato');
    }
    const markup = await search('<script>alert(1)</script>');
    expect(markup.body).not.toContain('<script>alert(1)');
    expect(markup.body).toContain('&lt;script&gt;');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from customers`.execute(bo.db);
    expect(rows[0]?.n).toBeGreaterThan(40);
  });

  test('the results page says what was searched, and keeps it in the box', async () => {
    const page = await search('Nicolò');
    expect(page.body).toContain('<h1>Risultati per «Nicolò»</h1>');
    expect(page.body).toContain('value="Nicolò"');
    expect(page.body).toContain('<h2 id="search-customers">Clienti</h2>');
  });

  test('signed out, the search asks for the sign-in first', async () => {
    const response = await bo.app.inject({ method: 'GET', url: '/cerca?q=mario' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent('/cerca?q=mario')}`);
  });
});
