import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverDueNotifications } from '../../../bank/notifications/notification-delivery.ts';
import { HostedClient, otpFromSms } from '../../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import {
  attemptOf,
  capturedPayment,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  startNewCardPayment,
} from '../../payments/test-payments.ts';
import { i18nFor } from '../../web/i18n/i18n.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

const euro = (cents: number) => i18nFor('it', 'Europe/Rome').money(cents);
const keyOf = (html: string) => /name="chiave" value="([^"]+)"/.exec(html)?.[1] ?? '';
const orderUrl = (number: string) => `/ordini/${encodeURIComponent(number)}`;

/** The order page (timeline, VAT, the bank's live view) and the refund action, on a real bank over HTTP. */
describe.each(testDatabaseKinds())('the order page and its refund (%s)', (kind) => {
  let kit: PaymentsKit;
  let bo: TestBackoffice;
  let admin: TestClient;

  /** Flow B: a new card on the bank's page, 3-D Secure by SMS code, completed by the bank's notification. */
  async function paidWithNewCard() {
    const order = await newOrder(kit, 'pec');
    const started = await startNewCardPayment(kit, order.number);
    const hosted = new HostedClient(kit.bank);
    await hosted.enterCardAndSubmit(started.url, { number: '4242424242424242' });
    const sessionId = new URL(started.url).pathname.split('/').pop() ?? '';
    await hosted.post(`/pay/${sessionId}/otp`, { code: await otpFromSms(kit.bank, sessionId) });
    expect(await deliverDueNotifications(kit.bank.ctx)).toBeGreaterThanOrEqual(1);
    await kit.runJobs();
    await kit.runJobs();
    const attempt = await attemptOf(kit, started.attempt.id);
    expect(attempt.status).toBe('captured');
    return { order, attempt };
  }

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    bo = await openTestBackoffice(kind, { on: { db: kit.db, clock: kit.clock }, gateway: kit.gateway });
    admin = (await bo.signIn('admin')).client;
  });
  afterAll(async () => {
    await bo?.close();
    await kit?.close();
  });

  test('a Flow B payment: its timeline in time order, 3-D Secure, the notification, the email; VAT; the bank agrees', async () => {
    const { order, attempt } = await paidWithNewCard();
    const page = await admin.get(orderUrl(order.number));
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain(`Ordine ${order.number} Pagato`);
    const steps = [
      'Ordine creato',
      `Pagamento ordine ${attempt.public_id} avviato`,
      `3-D Secure di ${attempt.public_id}: titolare verificato`,
      'Notifica della banca:',
      'Ordine: Attesa pagamento → Pagato',
      'Email in coda: payment_confirmation',
      `${attempt.public_id}: Autorizzato → Incassato`,
    ];
    const at = steps.map((step) => text.indexOf(step));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(Object.fromEntries(steps.map((s, i) => [s, at[i]]))),
    ).toBe(true);
    expect(at.indexOf(Math.min(...at))).toBe(0);
    expect(text).toContain('metodo: codice SMS');
    // Every state change of the attempt is there, with its source.
    const changes = await kit.db
      .selectFrom('payment_attempt_events')
      .select(['to_status', 'reason'])
      .where('attempt_id', '=', attempt.id)
      .execute();
    expect(changes.length).toBeGreaterThanOrEqual(3);
    for (const change of changes) expect(text).toContain(change.reason);
    // The amounts with their VAT, as the order holds them.
    expect(text).toContain('Aliquota IVA');
    expect(text).toContain(`Totale ordine ${pageText(euro(order.net_cents))}`);
    expect(text).toContain(pageText(euro(order.total_cents)));
    expect(text).toMatch(/22%/);
    // The bank's own view, read now, matches ours.
    expect(text).toContain(attempt.bank_session_id ?? 'no session');
    expect(text).toContain('Coerente');
    expect(page.body).toContain('>Rimborsa</a>');
  });

  test('refund 10,00 € with a reason: the bank gives it back, the customer is emailed, the audit log and the timeline say so', async () => {
    const { order, attempt } = await paidWithNewCard();
    const confirm = await admin.get(`${orderUrl(order.number)}/rimborso`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toMatch(/<label for="refund-amount">Importo<\/label>/);
    expect(confirm.body).toMatch(/<label for="action-reason">Motivo<\/label>/);
    expect(confirm.body).toContain('>Conferma rimborso</button>');
    const total = attempt.amount_cents;
    expect(confirm.body).toContain(`value="${Math.floor(total / 100)},${String(total % 100).padStart(2, '0')}"`);
    const key = keyOf(confirm.body);
    const done = await admin.post(`${orderUrl(order.number)}/rimborso`, {
      chiave: key,
      importo: '10,00',
      motivo: 'Rimborso parziale concordato al telefono',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${orderUrl(order.number)}?fatto=refund`);

    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id ?? '')).toMatchObject({
      amountCapturedCents: total,
      amountRefundedCents: 1000,
    });
    const refunds = await kit.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
    expect(refunds).toMatchObject([
      {
        amount_cents: 1000,
        status: 'succeeded',
        idempotency_key: key,
        reason: 'Rimborso parziale concordato al telefono',
      },
    ]);
    expect(refunds[0]?.requested_by).toMatch(/^operator:\d+$/);
    const emails = await kit.db
      .selectFrom('email_outbox')
      .select(['template', 'to_address'])
      .where('dedupe_key', '=', `order_refunded:refund:${refunds[0]?.id}`)
      .execute();
    expect(emails).toEqual([{ template: 'order_refunded', to_address: 'mario.rossi@example.com' }]);
    const audit = await kit.db.selectFrom('audit_log').selectAll().where('order_id', '=', order.id).execute();
    expect(audit).toMatchObject([
      {
        action: 'refund',
        object_type: 'refund',
        reason: 'Rimborso parziale concordato al telefono',
        request_key: key,
        before: { payment: attempt.public_id, refundableCents: total },
        after: { payment: attempt.public_id, amountCents: 1000, status: 'succeeded' },
      },
    ]);

    const page = pageText((await admin.get(String(done.headers.location))).body);
    expect(page).toContain('Rimborso eseguito dalla banca');
    expect(page).toContain(`Rimborso di ${pageText(euro(1000))} richiesto`);
    expect(page).toContain(`Rimborso di ${pageText(euro(1000))}: Eseguito`);
    expect(page).toMatch(/Operatore [^ ]+: refund Rimborso parziale concordato al telefono/);
    expect(page).toContain(`Ancora rimborsabile ${pageText(euro(total - 1000))}`);
    expect(page).toContain('Coerente');

    // The same confirmed form again: no second refund, at the bank or here.
    const again = await admin.post(`${orderUrl(order.number)}/rimborso`, {
      chiave: key,
      importo: '10,00',
      motivo: 'Rimborso parziale concordato al telefono',
    });
    expect(again.statusCode).toBe(303);
    expect(await kit.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
    expect((await kit.gateway.getPaymentSession(attempt.bank_session_id ?? ''))?.amountRefundedCents).toBe(1000);
  });

  test('a wrong amount, more than is left or no reason: refused on the form (400), nothing refunded', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const url = `${orderUrl(order.number)}/rimborso`;
    const key = keyOf((await admin.get(url)).body);
    const cases = [
      { importo: 'dieci euro', motivo: 'Prova', message: 'Scrivi un importo in euro, per esempio 10,00' },
      { importo: '0,00', motivo: 'Prova', message: 'Scrivi un importo in euro, per esempio 10,00' },
      {
        importo: '100.000,00',
        motivo: 'Prova',
        message: `Puoi rimborsare al massimo ${pageText(euro(attempt.amount_cents))}`,
      },
      { importo: '10,00', motivo: '', message: 'Scrivi il motivo' },
    ];
    for (const { message, ...form } of cases) {
      const refused = await admin.post(url, { chiave: key, ...form });
      expect(refused.statusCode, form.importo).toBe(400);
      expect(pageText(refused.body)).toContain(message);
      expect(refused.body).toContain('aria-invalid="true"');
    }
    expect(await kit.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).toEqual([]);
    expect(await kit.db.selectFrom('audit_log').select('id').where('order_id', '=', order.id).execute()).toEqual([]);
  });

  test('a viewer sees no "Rimborsa", cannot open the confirmation and a forged POST is refused (403); no CSRF, no refund', async () => {
    const { order } = await capturedPayment(kit);
    const viewer = (await bo.signIn('viewer')).client;
    const page = await viewer.get(orderUrl(order.number));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('>Rimborsa</a>');
    expect(page.body).not.toContain('/rimborso');
    expect((await viewer.get(`${orderUrl(order.number)}/rimborso`)).statusCode).toBe(403);
    const forged = await viewer.post(`${orderUrl(order.number)}/rimborso`, {
      chiave: '00000000-0000-4000-8000-000000000000',
      importo: '10,00',
      motivo: 'forged',
    });
    expect(forged.statusCode).toBe(403);
    const support = (await bo.signIn('support')).client;
    expect((await support.get(`${orderUrl(order.number)}/rimborso`)).statusCode).toBe(403);
    const key = keyOf((await admin.get(`${orderUrl(order.number)}/rimborso`)).body);
    const noCsrf = await admin.post(
      `${orderUrl(order.number)}/rimborso`,
      { chiave: key, importo: '10,00', motivo: 'senza token' },
      { withCsrf: false },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(await kit.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute()).toEqual([]);
  });

  test('an order not paid has nothing to refund (409, no button); an unknown number is a 404', async () => {
    const order = await newOrder(kit, 'spid');
    const page = await admin.get(orderUrl(order.number));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('>Rimborsa</a>');
    expect(pageText(page.body)).toContain('Nessuna sessione di pagamento presso la banca per questo ordine.');
    const refund = await admin.get(`${orderUrl(order.number)}/rimborso`);
    expect(refund.statusCode).toBe(409);
    expect(pageText(refund.body)).toContain('Questo ordine non ha un pagamento incassato da rimborsare.');
    expect((await admin.get('/ordini/ORD-1999-000001')).statusCode).toBe(404);
    expect((await admin.get(`/ordini/${'9'.repeat(60)}`)).statusCode).toBe(404);
  });

  test('a bank that does not answer leaves the page open with what we know, and says so', async () => {
    const { order } = await capturedPayment(kit);
    const offline = await openTestBackoffice(kind, { on: { db: kit.db, clock: kit.clock } });
    try {
      const client = (await offline.signIn('viewer')).client;
      const page = await client.get(orderUrl(order.number));
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain('La banca non ha risposto: no bank in this test');
      expect(text).toContain('Ordine creato');
    } finally {
      await offline.close();
    }
  });
});
