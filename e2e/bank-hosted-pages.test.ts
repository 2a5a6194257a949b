import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnPayload } from '../src/bank/hosted/return-url.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../src/bank/testing/bank-test-kit.ts';
import { assertNoCardDataLeaked } from '../src/bank/testing/leak-check.ts';
import { verifySignature } from '../src/shared/signing.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { otpFor } from './support/mailboxes.ts';

const CVV = '735';

/** A shop at its own origin: its return page checks the bank's signature on the result. */
async function startShop(secret: () => string): Promise<{ server: FastifyInstance; origin: string }> {
  const server = Fastify();
  server.get('/return', async (request, reply) => {
    const query = request.query as Record<string, string>;
    const check = verifySignature({
      header: query.signature,
      payload: returnPayload(query.session_id ?? '', query.status ?? ''),
      secrets: [secret()],
    });
    return reply
      .type('text/html')
      .send(
        `<!doctype html><title>Negozio</title><h1>Ritorno al negozio</h1><p id="status">${query.status}</p><p id="signature">${check.ok ? 'firma valida' : 'firma NON valida'}</p>`,
      );
  });
  server.post('/notify', async () => 'ok');
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

describe.skipIf(skipBrowserTests)('Banca Sandbox hosted pages in Chromium, without JavaScript', () => {
  let bank: TestBank;
  let shop: { server: FastifyInstance; origin: string };
  let merchant: TestMerchant;
  let browser: Browser;
  let context: BrowserContext;
  const numbers = new Set<string>();

  beforeAll(async () => {
    bank = await startTestBank('pglite');
    shop = await startShop(() => merchant.secret);
    merchant = await createTestMerchant(bank, shop.origin);
    browser = await launchBrowser();
    // Every page must work with JavaScript off: the customer's browser may have it disabled.
    context = await browser.newContext({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shop?.server.close();
    await bank?.close();
  });

  async function openPayment(overrides: Record<string, unknown> = {}): Promise<{ page: Page; id: string }> {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', {
      body: sessionRequest(merchant, overrides),
    });
    expect(created.status).toBe(201);
    const page = await context.newPage();
    await page.goto(created.body.redirect_url);
    return { page, id: created.body.id };
  }

  async function fillCard(
    page: Page,
    number: string,
    labels = { holder: 'Titolare', number: 'Numero carta', expiry: 'Scadenza', cvv: 'CVV', go: 'Procedi' },
  ) {
    numbers.add(number.replace(/\s/g, ''));
    await page.getByLabel(labels.holder).fill('Mario Rossi');
    await page.getByLabel(labels.number).fill(number);
    await page.getByLabel(labels.expiry).fill('12/34');
    await page.getByLabel(labels.cvv).fill(CVV);
    await page.getByRole('button', { name: labels.go }).click();
  }

  /** The step the indicator marks current (aria-current="step"), found by its list's accessible name. */
  const currentStep = (page: Page, name = 'Passaggi del pagamento') =>
    page.getByRole('navigation', { name }).locator('[aria-current="step"]').textContent();

  it('pays with a new card 4242 4242 4242 4242, reading the OTP from /sms.json, and returns to the shop signed', async () => {
    const { page, id } = await openPayment({ save_card: true });
    expect(await currentStep(page)).toBe('Carta');
    expect(await page.locator('main').textContent()).toContain('Carte accettate:');
    await fillCard(page, '4242 4242 4242 4242');
    await expect(page.getByRole('heading', { name: 'Riepilogo' }).isVisible()).resolves.toBe(true);
    expect(await currentStep(page)).toBe('Carta');
    expect(await page.locator('main').textContent()).toContain('•••• 4242');
    expect(await page.locator('main').textContent()).toContain('Mario Rossi');
    expect(await page.locator('main').textContent()).toMatch(/Importo: 48,80\s€/);
    await page.getByRole('button', { name: 'Invio dati', exact: true }).click();
    expect(await currentStep(page)).toBe('Autorizzazione');
    await page.getByLabel('Codice').fill(await otpFor(bank.baseUrl, id));
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor();
    expect(await currentStep(page)).toBe('Esito');
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.waitForURL(`${shop.origin}/return**`);
    expect(await page.locator('#status').textContent()).toBe('captured');
    expect(await page.locator('#signature').textContent()).toBe('firma valida');
    expect(new URL(page.url()).searchParams.get('session_id')).toBe(id);
    await page.close();
  });

  it('4000 0000 0000 3220 waits for the bank app, approved from a second page', async () => {
    const { page, id } = await openPayment();
    await fillCard(page, '4000 0000 0000 3220');
    await page.getByRole('button', { name: 'Invio dati' }).click();
    await page.getByRole('heading', { name: "Autorizza nell'app della banca" }).waitFor();
    const app = await context.newPage();
    await app.goto(`${bank.baseUrl}/app`);
    expect(await app.locator('main').textContent()).toContain('•••• 3220');
    const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as { payment_session_id: string }[];
    expect(approvals.map((a) => a.payment_session_id)).toContain(id);
    await app
      .getByRole('button', { name: /^Autorizza/ })
      .first()
      .click();
    await app.getByText('Risposta registrata.').waitFor();
    // The waiting page refreshes itself (meta refresh, no script) and moves on.
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor({ timeout: 15_000 });
    await app.close();
    await page.close();
  });

  it('4000 0000 0000 3220 with JavaScript: the wait asks quietly, announces the approval in its live region, then goes on', async () => {
    // The one context of this file with JavaScript on: the wait page's script (allowed by that page's CSP only).
    const withScripts = await browser.newContext();
    try {
      const created = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
      const page = await withScripts.newPage();
      await page.goto(created.body.redirect_url);
      await fillCard(page, '4000 0000 0000 3220');
      await page.getByRole('button', { name: 'Invio dati' }).click();
      await page.getByRole('heading', { name: "Autorizza nell'app della banca" }).waitFor();
      const live = page.getByRole('status');
      expect(await live.textContent()).toBe('In attesa della tua conferma…');
      let loads = 0;
      page.on('load', () => loads++);
      await page.waitForRequest((request) => request.url().endsWith(`/pay/${created.body.id}/status`));
      expect(loads).toBe(0);
      const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as {
        payment_session_id: string;
        approve_url: string;
      }[];
      const approval = approvals.find((a) => a.payment_session_id === created.body.id)!;
      await fetch(`${bank.baseUrl}${approval.approve_url}`, { method: 'POST', redirect: 'manual' });
      // Announced where it was waiting, without a reload, then on to the result.
      await page.getByRole('status').filter({ hasText: 'Pagamento autorizzato' }).waitFor({ timeout: 10_000 });
      expect(loads).toBe(0);
      expect(new URL(page.url()).pathname).toBe(`/pay/${created.body.id}/challenge`);
      await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor({ timeout: 10_000 });
      expect(new URL(page.url()).pathname).toBe(`/pay/${created.body.id}/result`);
    } finally {
      await withScripts.close();
    }
  });

  it('"Annulla pagamento" on the card form charges nothing and goes back to the shop, signed as cancelled', async () => {
    const { page, id } = await openPayment();
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByRole('button', { name: 'Annulla pagamento' }).click();
    await page.waitForURL(`${shop.origin}/return**`);
    expect(await page.locator('#status').textContent()).toBe('cancelled');
    expect(await page.locator('#signature').textContent()).toBe('firma valida');
    const session = await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`);
    expect(session.body).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'customer',
      amount_captured: 0,
      payment_method: null,
    });
    await page.close();
  });

  it('three wrong OTP codes fail the payment', async () => {
    const { page, id } = await openPayment();
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Invio dati' }).click();
    const right = await otpFor(bank.baseUrl, id);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (const left of ['Ti restano 2 tentativi', 'Ti resta 1 tentativo']) {
      await page.getByLabel('Codice').fill(wrong);
      await page.getByRole('button', { name: 'Conferma' }).click();
      await page.getByText(left).waitFor();
    }
    await page.getByLabel('Codice').fill(wrong);
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByRole('heading', { name: 'Pagamento non riuscito' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('autenticazione');
    await page.close();
  });

  it('4000 0000 0000 9995 is declined for "fondi insufficienti"', async () => {
    const { page } = await openPayment();
    await fillCard(page, '4000 0000 0000 9995');
    await page.getByRole('button', { name: 'Invio dati' }).click();
    await page.getByRole('heading', { name: 'Pagamento rifiutato' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('fondi insufficienti');
    expect(await page.getByRole('button', { name: 'torna al negozio' }).isVisible()).toBe(true);
    await page.close();
  });

  it('a bad card number gets a precise error and the other fields are kept (never the CVV)', async () => {
    const { page } = await openPayment();
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill('4242 4242 4242 4241');
    await page.getByLabel('Scadenza').fill('12/34');
    await page.getByLabel('CVV').fill(CVV);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByText('Il numero della carta non è valido').waitFor();
    expect(await page.getByLabel('Titolare').inputValue()).toBe('Mario Rossi');
    expect(await page.getByLabel('Scadenza').inputValue()).toBe('12/34');
    expect(await page.getByLabel('CVV').inputValue()).toBe('');
    expect(await page.getByLabel('Numero carta').getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });

  it('speaks English when the session says so', async () => {
    const { page } = await openPayment({ locale: 'en' });
    await fillCard(page, '5555 5555 5555 4444', {
      holder: 'Cardholder',
      number: 'Card number',
      expiry: 'Expiry date',
      cvv: 'CVV',
      go: 'Continue',
    });
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Payment authorised' }).waitFor();
    expect(await page.getByRole('button', { name: 'back to shop' }).isVisible()).toBe(true);
    await page.close();
  });

  it('serves the pages under a strict CSP, with no inline script or style', async () => {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
    const page = await context.newPage();
    const response = await page.goto(created.body.redirect_url);
    const csp = (await response!.allHeaders())['content-security-policy'] ?? '';
    for (const directive of [
      "script-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    const html = await page.content();
    expect(html).not.toMatch(/<script|style=|<style/i);
    expect(await page.locator('form').first().getAttribute('action')).toMatch(/^\/pay\//);
    await page.close();
  });

  it('leaves no card number and no CVV in the tables or the logs', async () => {
    expect(numbers.size).toBeGreaterThanOrEqual(4);
    await assertNoCardDataLeaked(bank, [...numbers], [CVV]);
  });
});
