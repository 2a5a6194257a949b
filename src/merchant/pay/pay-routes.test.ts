import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueNotifications } from '../../bank/notifications/notification-delivery.ts';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { loadConfig } from '../../config.ts';
import type { Locale } from '../../db/schema.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { addDays, addYears } from '../../shared/clock.ts';
import { createHandoffToken } from '../payments/handoff-token.ts';
import { attemptOf, effectsOf, newOrder, openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { i18nFor } from '../web/i18n/i18n.ts';
import { pageText, TestClient } from '../web/test-client.ts';

// Pagamenti links back to Area Clienti at the address the kit's configuration gives it.
const AREA_URL = loadConfig({ NODE_ENV: 'test' }).publicUrls.area;

describe.each(testDatabaseKinds())('the card page and "Annulla pagamento" on %s', (kind) => {
  let kit: PaymentsKit;
  let ipCounter = 0;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
  });

  /** Mario's Pagamenti session, signed in by a hand-off as Area Clienti does it. */
  async function payTab(orderNumber: string, locale: Locale = 'it'): Promise<TestClient> {
    const client = new TestClient(kit.pay, `10.21.0.${++ipCounter}`);
    const token = await createHandoffToken(kit.db, kit.clock, { customerId: kit.marioId, orderNumber, locale });
    expect((await client.get(`/handoff?token=${encodeURIComponent(token)}`)).statusCode).toBe(303);
    return client;
  }

  async function cardPage(client: TestClient, orderNumber: string) {
    const page = await client.get(`/orders/${orderNumber}/card`);
    expect(page.statusCode).toBe(200);
    return { body: page.body, requestKey: /name="request_key" value="([^"]+)"/.exec(page.body)?.[1] as string };
  }

  const serviceOf = (subscriptionId: number) =>
    kit.db.selectFrom('subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow();

  const attemptOfOrder = (orderId: number) =>
    kit.db.selectFrom('payment_attempts').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();

  async function waitForStatus(attemptId: number, status: string) {
    for (let i = 0; i < 100 && (await attemptOf(kit, attemptId)).status !== status; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await attemptOf(kit, attemptId)).status).toBe(status);
  }

  it("a hand-off from a payment link opens straight at the order's card choice", async () => {
    const order = await newOrder(kit, 'spid');
    const client = new TestClient(kit.pay, `10.21.0.${++ipCounter}`);
    const token = await createHandoffToken(kit.db, kit.clock, {
      customerId: kit.marioId,
      orderNumber: order.number,
      locale: 'it',
      landing: 'card',
    });
    const landed = await client.get(`/handoff?token=${encodeURIComponent(token)}`);
    expect(landed.statusCode).toBe(303);
    expect(landed.headers.location).toBe(`/orders/${order.number}/card`);
    expect((await cardPage(client, order.number)).requestKey).toBeTruthy();
  });

  it('names a service whose label already says its product once: "SPID - Mario Rossi …", never "SPID … — SPID - …"', async () => {
    const order = await newOrder(kit, 'spid');
    const service = await serviceOf(order.subscription_id);
    expect(service.label).toMatch(/^SPID - /);
    const tab = await payTab(order.number);
    const orders = await tab.get('/orders');
    expect(orders.statusCode).toBe(200);
    const { body } = await cardPage(tab, order.number);
    for (const text of [pageText(orders.body), pageText(body)]) {
      expect(text).toContain(service.label);
      expect(text).not.toMatch(/SPID[^—]*— SPID/);
    }
  });

  it('the charging button names the amount, the renewal choice is pre-ticked with its date and amount, and the Firma Digitale note shows only for Firma Digitale', async () => {
    const order = await newOrder(kit, 'pec');
    const service = await serviceOf(order.subscription_id);
    for (const locale of ['it', 'en'] as const) {
      const i18n = i18nFor(locale, 'Europe/Rome');
      const { body } = await cardPage(await payTab(order.number, locale), order.number);
      expect(body).toContain(
        `<button type="submit" class="button button-pay button-charge">${i18n.t('pay.card.submit', { amount: i18n.money(order.total_cents) })}</button>`,
      );
      // Paying now moves the expiry on by a year; the renewal charges RENEWAL_LEAD_DAYS (7) before it.
      const date = i18n.date(addDays(addYears(service.expires_on as string, 1), -7));
      expect(body).toMatch(/<input type="checkbox" id="auto-renew" name="auto_renew" value="on" checked/);
      expect(pageText(body)).toContain(
        pageText(i18n.t('pay.card.autoRenewChoice', { date, amount: i18n.money(order.total_cents) })),
      );
      expect(body).not.toContain('sezione dedicata');
      expect(body).toMatch(/<form method="post" action="\/annulla" class="way-out">/);
    }
    expect(pageText((await cardPage(await payTab(order.number), order.number)).body)).toContain(
      'Procedi al pagamento di 35,38 €',
    );

    const firma = await newOrder(kit, 'firma_digitale');
    const { body } = await cardPage(await payTab(firma.number), firma.number);
    expect(body).not.toContain('name="auto_renew"');
    expect(pageText(body)).toContain(
      'Il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale (tutti i dettagli alla sezione dedicata',
    );
    expect(body).toContain(`<a href="${AREA_URL}/rinnovo-automatico">sezione dedicata</a>`);
  });

  it('an unticked choice is honoured when the bank’s notification completes the payment without the browser', async () => {
    const order = await newOrder(kit, 'conservazione');
    // The demo's Conservazione renews automatically on the demo card: start this one without automatic renewal.
    await kit.db
      .updateTable('subscriptions')
      .set({ auto_renew: false, auto_renew_card_id: null })
      .where('id', '=', order.subscription_id)
      .execute();
    const client = await payTab(order.number);
    const { requestKey } = await cardPage(client, order.number);
    // An unticked checkbox is not sent at all.
    const pay = await client.post(`/orders/${order.number}/pay`, { request_key: requestKey, card: 'new' });
    await new HostedClient(kit.bank).enterCardAndSubmit(String(pay.headers.location), { number: '5555555555554444' });
    const attempt = await attemptOfOrder(order.id);
    expect(attempt.switch_auto_renew).toBe(false);
    expect(await deliverDueNotifications(kit.bank.ctx)).toBeGreaterThanOrEqual(1);
    await waitForStatus(attempt.id, 'authorized');
    expect(await effectsOf(kit, order.id)).toEqual({ templates: ['payment_confirmation'], paidEvents: 1, paidBy: 1 });
    expect(await serviceOf(order.subscription_id)).toMatchObject({ auto_renew: false, auto_renew_card_id: null });
    // The new card is saved all the same (the customer is signed in); only renewal was declined.
    const saved = await kit.db
      .selectFrom('saved_cards')
      .select('id')
      .where('id', '=', Number((await attemptOf(kit, attempt.id)).saved_card_id))
      .execute();
    expect(saved).toHaveLength(1);
    const result = pageText((await client.get(`/payments/${attempt.public_id}`)).body);
    expect(result).toContain('Il rinnovo automatico non è stato attivato, come hai scelto.');
  });

  it('a ticked choice switches automatic renewal on when the reconciliation completes the payment without the browser', async () => {
    const order = await newOrder(kit, 'fatturazione_pa');
    const client = await payTab(order.number);
    const { requestKey } = await cardPage(client, order.number);
    const pay = await client.post(`/orders/${order.number}/pay`, {
      request_key: requestKey,
      card: String(kit.marioCardId),
      auto_renew: 'on',
    });
    await new HostedClient(kit.bank).get(String(pay.headers.location));
    const attempt = await attemptOfOrder(order.id);
    expect(attempt.switch_auto_renew).toBe(true);
    kit.clock.advance(1_000);
    expect((await kit.reconcile({ olderThanMs: 0 })).paid).toBeGreaterThanOrEqual(1);
    expect(await effectsOf(kit, order.id)).toMatchObject({
      templates: ['payment_confirmation', 'auto_renew_activated'],
      paidBy: 1,
    });
    expect(await serviceOf(order.subscription_id)).toMatchObject({
      auto_renew: true,
      auto_renew_card_id: kit.marioCardId,
    });
  });

  it('"Annulla pagamento" cancels the open payment at the bank first, ends the attempt cancelled, charges nothing, and leads to Area Clienti', async () => {
    const order = await newOrder(kit, 'spid');
    const client = await payTab(order.number);
    for (const path of ['/', '/orders']) {
      const page = await client.get(path);
      expect(page.body, path).toMatch(/<form method="post" action="\/annulla" class="way-out">/);
      // Its answer redirects to Area Clienti: the browser follows only if CSP form-action allows that origin.
      expect(String(page.headers['content-security-policy'])).toMatch(
        new RegExp(`form-action 'self'[^;]* ${new URL(AREA_URL).origin}`),
      );
    }
    const { requestKey } = await cardPage(client, order.number);
    const pay = await client.post(`/orders/${order.number}/pay`, { request_key: requestKey, card: 'new' });
    await new HostedClient(kit.bank).get(String(pay.headers.location));
    // Back from the bank with the browser's back button: the card page offers to replace the open attempt (read with
    // the order, payment-read-model.ts), then "Annulla pagamento".
    const open = await attemptOfOrder(order.id);
    expect((await cardPage(client, order.number)).body).toContain(`name="supersedes" value="${open.public_id}"`);
    const cancel = await client.post('/annulla', {});
    expect([cancel.statusCode, cancel.headers.location]).toEqual([303, AREA_URL]);
    const attempt = await attemptOfOrder(order.id);
    expect(attempt.status).toBe('cancelled');
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id as string)).toMatchObject({
      status: 'cancelled',
    });
    expect(await effectsOf(kit, order.id)).toEqual({ templates: [], paidEvents: 0, paidBy: 0 });
    expect(
      (await kit.db.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirstOrThrow()).state,
    ).toBe('awaiting_payment');
    // Nothing open: it leads straight back.
    const again = await client.post('/annulla', {});
    expect([again.statusCode, again.headers.location]).toEqual([303, AREA_URL]);
    // A cancelled attempt is not open: the card page offers nothing to replace.
    expect((await cardPage(client, order.number)).body).not.toContain('name="supersedes"');
    // Without the session's CSRF token it is refused.
    expect((await new TestClient(kit.pay).post('/annulla', {})).statusCode).toBe(403);
  });

  it('when the bank reports that the customer cancelled on its page, the return leads to Area Clienti; a superseded attempt shows its page', async () => {
    const order = await newOrder(kit, 'pec');
    const client = await payTab(order.number);
    const first = await cardPage(client, order.number);
    await client.post(`/orders/${order.number}/pay`, { request_key: first.requestKey, card: 'new' });
    const attempt = await attemptOfOrder(order.id);
    await kit.gateway.cancelPaymentSession({
      paymentSessionId: attempt.bank_session_id as string,
      idempotencyKey: `${attempt.public_id}:test-cancel`,
    });
    const back = await new TestClient(kit.pay).get(`/return/${attempt.public_id}?status=cancelled`);
    expect([back.statusCode, back.headers.location]).toEqual([303, AREA_URL]);
    expect((await attemptOf(kit, attempt.id)).status).toBe('cancelled');

    // A later attempt of the same order exists: the earlier one was superseded, and its return shows its page.
    const second = await cardPage(client, order.number);
    await client.post(`/orders/${order.number}/pay`, { request_key: second.requestKey, card: 'new' });
    const old = await new TestClient(kit.pay).get(`/return/${attempt.public_id}`);
    expect(old.headers.location).toBe(`/payments/${attempt.public_id}`);
  });
});
