import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiKey } from '../src/merchant/api/testing/api-test-app.ts';
import { SandboxBankAdapter } from '../src/merchant/gateway/sandbox-bank-adapter.ts';
import { systemClock } from '../src/shared/clock.ts';
import { submitLogin } from './support/area.ts';
import { payAtBankBySms } from './support/bank-page.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo } from './support/mailboxes.ts';
import { freePorts } from './support/ports.ts';
import { runEntry, type Started } from './support/processes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** The fields this test reads of the API's answers (the rest it compares whole). */
interface ApiBody {
  [field: string]: unknown;
  id: string;
  secret: string;
  number: string;
  data: unknown[];
  payment: { id: string };
}

const EMAIL = 'anna.verdi@example.com';
const PASSWORD = 'anna-verdi-e2e-1';
const SERVICE_LABEL = 'anna.verdi@pec.example.it';

/**
 * Issue 11's acceptance, over real HTTP end to end: the provider's system creates a customer, a service and an order
 * with an API key; the customer sets a password from the email, logs into Area Clienti and pays with a new card
 * (Flow B, 3-D Secure by SMS) in Chromium; the sample receiver (`npm run cassa -- webhooks listen`, its own process)
 * prints order.created then order.paid, verified, once each; a refund by API gives the money back at the bank, emails
 * the customer and is told as payment.refunded.
 */
describe.skipIf(skipBrowserTests)('the provider integrates over the API and webhooks', () => {
  let system: TestSystem;
  let browser: Browser;
  let receiver: Started | undefined;
  let key: string;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    key = await testApiKey(system.merchantDb);
  });
  afterAll(async () => {
    receiver?.child.kill('SIGTERM');
    await browser?.close();
    await system?.stop();
  });

  async function api(method: 'GET' | 'POST', url: string, body?: object) {
    const response = await fetch(`${system.urls.api}/api/v1${url}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID(), 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as ApiBody };
  }

  /** What the sample receiver printed: one `<time> <event id> <type> <object id>` line per verified event. */
  function received(): Array<{ id: string; type: string; object: string }> {
    return (receiver?.output() ?? '')
      .split('\n')
      .map((line) => /^\S+Z (evt_\w+) ([a-z_.]+) (\S*)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => ({ id: match[1]!, type: match[2]!, object: match[3]! }));
  }

  async function setPasswordFromEmail(page: Page): Promise<void> {
    let link = '';
    await expect
      .poll(
        async () => {
          const mail = (await messagesTo(system.urls.inbox, EMAIL)).find((m) => m.text.includes('/nuova-password?'));
          link = /(http\S+\/nuova-password\?token=\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
          return link;
        },
        { timeout: 30_000 },
      )
      .not.toBe('');
    await page.goto(link);
    await page.getByLabel('Nuova password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Ripeti la nuova password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Cambia password' }).click();
    await page.getByText('Password cambiata. Accedi con la nuova password.').waitFor();
  }

  it('customer, service and order by API; Flow B in Chromium; order.created then order.paid; a refund', async () => {
    // The provider registers its endpoint, then starts the sample receiver with the secret it was shown once.
    const [hookPort] = await freePorts(1);
    const endpoint = await api('POST', '/webhook-endpoints', {
      url: `http://127.0.0.1:${hookPort}/hook`,
      events: ['order.created', 'order.paid', 'payment.refunded'],
    });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.id).toMatch(/^we_/);
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    receiver = runEntry(
      'src/cli/main.ts',
      ['webhooks', 'listen', '--port', String(hookPort), '--secret', endpoint.body.secret],
      {},
    );
    await expect.poll(() => receiver?.output() ?? '', { timeout: 30_000 }).toContain(String(hookPort));

    const customer = await api('POST', '/customers', { name: 'Anna Verdi', email: EMAIL, locale: 'it' });
    expect(customer.status).toBe(201);
    const found = await api('GET', `/customers?email=${encodeURIComponent(EMAIL)}`);
    expect(found.body).toMatchObject({ data: [{ id: customer.body.id, email: EMAIL }], has_more: false });
    const service = await api('POST', '/services', {
      customer: customer.body.id,
      product: 'pec',
      label: SERVICE_LABEL,
      activated_on: '2026-01-10',
      expires_on: '2027-01-10',
    });
    expect(service.status).toBe(201);
    const services = await api('GET', `/services?customer=${customer.body.id}`);
    expect(services.body.data).toEqual([expect.objectContaining({ id: service.body.id, product_code: 'PEC' })]);
    const order = await api('POST', '/orders', {
      customer: customer.body.id,
      service: service.body.id,
      kind: 'renewal',
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ state: 'awaiting_payment', number: expect.stringMatching(/^ORD-\d{4}-\d{6}$/) });
    const orderId: string = order.body.id;

    // The customer: the email's link sets a password, then Area Clienti → Gestisci → Paga → Pagamenti → the bank.
    const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
    await setPasswordFromEmail(page);
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, EMAIL, PASSWORD);
    await page.getByRole('row').filter({ hasText: SERVICE_LABEL }).getByRole('link', { name: 'Gestisci' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(order.body.number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await payAtBankBySms(page, system.urls.bank, { holder: 'Anna Verdi', number: '4242 4242 4242 4242' });
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    await page.context().close();

    // The receiver heard both, verified, each once, in order.
    await expect
      .poll(() => received().map((e) => e.type), { timeout: 60_000 })
      .toEqual(['order.created', 'order.paid']);
    expect(received().map((e) => e.object)).toEqual([orderId, orderId]);
    expect(new Set(received().map((e) => e.id)).size).toBe(2);
    expect(receiver?.output()).not.toContain('REFUSED');
    const paid = await api('GET', `/orders/${orderId}`);
    expect(paid.body).toMatchObject({ state: 'paid', payment: { card: { brand: 'visa', last4: '4242' } } });

    // A refund by API: money back at the bank, the customer's email, payment.refunded at the receiver.
    const payment = paid.body.payment;
    const refund = await api('POST', `/payments/${payment.id}/refunds`, { amount: 1000, reason: 'Sconto concordato' });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ status: 'succeeded', amount_cents: 1000, payment: payment.id });
    const bank = new SandboxBankAdapter({
      baseUrl: system.urls.bank,
      merchantId: 'cassa',
      secrets: [fs.readFileSync(path.join(system.dataDir, 'secrets', 'bank-merchant-secret'), 'utf8').trim()],
      clock: systemClock,
    });
    const attempt = await system.merchantDb
      .selectFrom('payment_attempts')
      .select('bank_session_id')
      .where('public_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect((await bank.getPaymentSession(attempt.bank_session_id as string))?.amountRefundedCents).toBe(1000);
    // The amount as the email writes it (Intl's euro format: a no-break space before the sign).
    const subject = `Rimborso di 10,00\u00a0€ — ordine ${order.body.number}`;
    await expect
      .poll(async () => (await messagesTo(system.urls.inbox, EMAIL)).map((m) => m.subject), { timeout: 30_000 })
      .toContain(subject);
    await expect
      .poll(() => received().map((e) => e.type), { timeout: 60_000 })
      .toEqual(['order.created', 'order.paid', 'payment.refunded']);
  });

  it('no customer session can call the API: only keys open it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, 'mario.rossi@example.com');
    const cookies = await page.context().cookies();
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(`${system.urls.api}/api/v1/customers`, { headers: { cookie: header } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
    await page.context().close();
  });
});
