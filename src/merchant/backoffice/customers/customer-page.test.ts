import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { appendAuditEntry } from '../../audit/audit-repository.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_MARIO } from '../../demo/demo-data.ts';
import { i18nFor } from '../../web/i18n/i18n.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { giveCard, giveEmail, giveSession, renewAutomatically } from '../testing/customer-fixtures.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

const it = i18nFor('it', 'Europe/Rome');
const minutesAgo = (bo: TestBackoffice, minutes: number) => new Date(bo.clock.now().getTime() - minutes * 60_000);

/** The customer page against the database: every section shows what the tables hold, actions only to who may act. */
describe.each(testDatabaseKinds())('the customer page (%s)', (kind) => {
  let bo: TestBackoffice;
  let support: TestClient;
  let marioId: number;
  let pecId: number;
  let sessionIds: string[];
  let emailIds: { sent: number; failed: number; pending: number };

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    support = (await bo.signIn('support')).client;
    marioId = (await findCustomerByEmail(bo.db, DEMO_MARIO.email))?.id ?? 0;
    const card = await giveCard(bo.db, marioId, { last4: '4242', isDefault: true });
    await giveCard(bo.db, marioId, { last4: '1111', brand: 'mastercard', removedAt: minutesAgo(bo, 60 * 24) });
    pecId = await renewAutomatically(bo.db, marioId, 'pec', card);
    emailIds = {
      sent: await giveEmail(bo.db, {
        customerId: marioId,
        to: DEMO_MARIO.email,
        status: 'sent',
        at: minutesAgo(bo, 30),
      }),
      failed: await giveEmail(bo.db, {
        customerId: marioId,
        to: 'old.mario@example.com',
        status: 'failed',
        at: minutesAgo(bo, 20),
        error: '550 5.1.1 no such user',
      }),
      pending: await giveEmail(bo.db, {
        customerId: marioId,
        to: DEMO_MARIO.email,
        status: 'pending',
        at: minutesAgo(bo, 10),
      }),
    };
    sessionIds = [
      await giveSession(bo.db, marioId, 'area', minutesAgo(bo, 5)),
      await giveSession(bo.db, marioId, 'pay', minutesAgo(bo, 4)),
    ];
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('details, services with their renewal and card, orders newest first, cards, emails, sessions: as the tables hold them', async () => {
    const page = await support.get(`/clienti/${marioId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Cliente Mario Rossi');
    expect(text).toContain(`Email ${DEMO_MARIO.email}`);
    expect(text).toContain('Telefono +39 333 123 4567');
    expect(text).toContain('Lingua Italiano');

    const services = await bo.db
      .selectFrom('subscriptions')
      .select(['id', 'product_code', 'label', 'status', 'expires_on', 'auto_renew'])
      .where('customer_id', '=', marioId)
      .execute();
    expect(services.length).toBeGreaterThanOrEqual(6);
    for (const service of services) {
      const expiry = service.expires_on ? it.date(service.expires_on) : '—';
      expect(text).toContain(
        `${service.product_code.toUpperCase()} · ${service.label} ${it.t(`subscription.status.${service.status}`)} ${expiry}`,
      );
    }
    expect(text).toContain('Attivo su Visa •••• 4242 (12/30) Disattiva rinnovo automatico');
    expect(text).toMatch(
      /MARCA_TEMPORALE · Marche temporali - 100 marche Attivo [0-9/]+ Non disponibile per questo prodotto/,
    );
    expect(page.body).toContain(`href="/servizi/${pecId}/rinnovo-automatico"`);
    expect(page.body.match(/\/rinnovo-automatico"/g)).toHaveLength(1);

    const orders = await bo.db
      .selectFrom('orders as o')
      .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
      .select(['o.number', 'o.kind', 'o.state', 'o.total_cents', 'o.created_at', 's.product_code', 's.label'])
      .where('o.customer_id', '=', marioId)
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .execute();
    expect(orders.length).toBeGreaterThanOrEqual(10);
    const rows = orders.map((order) =>
      [
        order.number,
        it.dateTimeOf(order.created_at),
        `${order.product_code.toUpperCase()} · ${order.label}`,
        it.t(`bo.lists.orderKind.${order.kind}`),
        it.t(`order.state.${order.state}`),
        pageText(it.money(order.total_cents)),
      ].join(' '),
    );
    const at = rows.map((row) => text.indexOf(row));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(rows),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const order of orders) expect(page.body).toContain(`href="/ordini/${order.number}"`);

    expect(text).toContain('Visa •••• 4242 Titolare di prova 12/30 Sì —');
    expect(text).toMatch(/Mastercard •••• 1111 Titolare di prova 12\/30 — \d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d/);

    const emails = await bo.db
      .selectFrom('email_outbox')
      .select(['id', 'template', 'status', 'attempts'])
      .where('customer_id', '=', marioId)
      .orderBy('created_at', 'desc')
      .execute();
    expect(emails.map((e) => Number(e.id))).toEqual([emailIds.pending, emailIds.failed, emailIds.sent]);
    const emailAt = emails.map((e) => page.body.indexOf(`href="/email/${e.id}"`));
    expect(emailAt.every((i) => i >= 0)).toBe(true);
    expect([...emailAt].sort((a, b) => a - b)).toEqual(emailAt);
    expect(text).toContain('old.mario@example.com Non consegnata 0 550 5.1.1 no such user —');
    expect(text).toMatch(/mario\.rossi@example\.com Inviata 0 — \d\d\/\d\d\/\d{4}/);
    expect(text).toContain('mario.rossi@example.com Da inviare 0 — —');

    expect(text).toMatch(/Pagamenti \d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d/);
    expect(text).toMatch(/Area Clienti \d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d/);
    for (const id of sessionIds) expect(page.body).not.toContain(id);
    expect(page.body).toContain(`href="/clienti/${marioId}/esci-ovunque"`);
    expect(text).toContain('Nessuna azione degli operatori su questo cliente.');
  });

  test("the operators' actions about the customer, newest first, with reason, before and after", async () => {
    const { operator } = await bo.signIn('admin');
    for (const reason of ['Prima richiesta', 'Seconda richiesta']) {
      await appendAuditEntry(bo.db, {
        operator,
        action: 'sign_out_customer',
        objectType: 'customer',
        objectId: String(marioId),
        customerId: marioId,
        before: { openSessions: 2 },
        after: { openSessions: 0 },
        reason,
        at: bo.clock.now(),
      });
    }
    const text = pageText((await support.get(`/clienti/${marioId}`)).body);
    expect(text).toContain(
      `${operator.email} sign_out_customer customer ${marioId} Seconda richiesta {"openSessions":2} {"openSessions":0}`,
    );
    expect(text.indexOf('Seconda richiesta')).toBeLessThan(text.indexOf('Prima richiesta'));
  });

  test('a viewer reads the same page without a single action link', async () => {
    const viewer = (await bo.signIn('viewer')).client;
    const page = await viewer.get(`/clienti/${marioId}`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Attivo su Visa •••• 4242');
    expect(page.body).not.toContain('/esci-ovunque');
    expect(page.body).not.toContain('/rinnovo-automatico');
  });

  test('after an action the page says what was done; an unknown or malformed id is a 404', async () => {
    const done = pageText((await support.get(`/clienti/${marioId}?fatto=auto_renew_off`)).body);
    expect(done).toContain('Rinnovo automatico disattivato: il cliente riceve la conferma per email.');
    for (const id of ['999999', 'abc', '0', '1e3', `${'9'.repeat(20)}`]) {
      expect((await support.get(`/clienti/${id}`)).statusCode, id).toBe(404);
    }
  });

  test('in English for an operator who reads English', async () => {
    await support.get(`/clienti/${marioId}`);
    await support.post('/locale', { locale: 'en', return: `/clienti/${marioId}` });
    const text = pageText((await support.get(`/clienti/${marioId}`)).body);
    await support.post('/locale', { locale: 'it', return: '/' });
    expect(text).toContain('Customer Mario Rossi');
    expect(text).toContain('On, with Visa •••• 4242 (12/30)');
    expect(text).toContain('Open sessions');
  });
});
