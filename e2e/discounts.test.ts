import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PROMOTION_CODES } from '../src/merchant/demo/demo-data.ts';
import { SandboxBankAdapter } from '../src/merchant/gateway/sandbox-bank-adapter.ts';
import { systemClock } from '../src/shared/clock.ts';
import { ensureSecretFile } from '../src/shared/secret-file.ts';
import { submitLogin } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * Discounts end to end in Chromium (issue 10): "Riepilogo degli sconti validi sui nostri servizi" from the login page,
 * an expired code refused with its reason, IORESTOACASA applied to Mario's PEC renewal and paid with his saved card
 * (Flow A) — the bank asked for, and taking, the reduced total, and the confirmation email saying so. In English too.
 */
describe.skipIf(skipBrowserTests)('discounts in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** From the home page: Gestisci on the service → the order awaiting payment's page; returns its number. */
  async function openAwaitingOrder(page: Page, serviceLabel: string, labels: { manage: string; awaiting: string }) {
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: labels.manage }).click();
    await page.getByRole('heading', { level: 1, name: serviceLabel }).waitFor();
    const row = page.getByRole('row').filter({ hasText: labels.awaiting });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0];
    if (!number) throw new Error('no order awaiting payment');
    await row.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(number) }).waitFor();
    return number;
  }

  async function applyCode(page: Page, label: string, button: string, code: string) {
    await page.getByLabel(label).fill(code);
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
  }

  it('Mario finds #IoRestoACasa from the login page, is refused the expired code, applies IORESTOACASA to the PEC renewal and pays 28,30 € with his saved card', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await page.getByRole('main').getByRole('link', { name: 'Sconti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Riepilogo degli sconti validi sui nostri servizi' }).waitFor();
    const campaign = page.getByRole('row').filter({ hasText: '#IoRestoACasa' });
    expect(await campaign.textContent()).toContain(DEMO_PROMOTION_CODES.valid);
    expect(await campaign.textContent()).toContain('PEC');
    expect(await page.getByText(DEMO_PROMOTION_CODES.expired).count()).toBe(0);

    await page.getByRole('link', { name: "Accedi all'Area Clienti" }).click();
    await submitLogin(page, DEMO_MARIO.email);
    // Signed in, the header still leads to the discounts, now inside Mario's layout.
    await page.getByRole('banner').getByRole('link', { name: 'Sconti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Riepilogo degli sconti validi sui nostri servizi' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Mario Rossi');
    await page.goto(system.urls.area);

    const number = await openAwaitingOrder(page, 'mario.rossi@pec.example.it', {
      manage: 'Gestisci',
      awaiting: 'Attesa pagamento',
    });
    const isConfirmation = (subject: string) => subject.startsWith('Pagamento ricevuto') && subject.includes(number);
    await applyCode(page, 'Codice sconto', 'Applica', DEMO_PROMOTION_CODES.expired.toLowerCase());
    expect(await page.getByRole('alert').textContent()).toMatch(
      /^Il codice BLACKFRIDAY è scaduto: era valido fino al \d{2}\/\d{2}\/\d{4}\.$/,
    );
    await applyCode(page, 'Codice sconto', 'Applica', DEMO_PROMOTION_CODES.valid);
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Codice sconto IORESTOACASA applicato\. Nuovo totale: 28,30\s€\.$/,
    );
    expect(await page.getByLabel('Codice sconto').count()).toBe(0);

    // Flow A: Paga → Carta di Credito → Paga Subito → the order number → the saved card 4444 → Procedi.
    await page.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    expect(await page.getByRole('row').filter({ hasText: number }).textContent()).toContain('28,30');
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    expect(await page.getByLabel(/Mastercard •••• 4444/).isChecked()).toBe(true);
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('28,30');
    await page.context().close();

    // What the bank was asked for and took: the reduced total, read from the bank's own API.
    const attempt = await system.merchantDb
      .selectFrom('payment_attempts')
      .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
      .select([
        'payment_attempts.bank_session_id',
        'payment_attempts.amount_cents',
        'orders.state',
        'orders.total_cents',
      ])
      .where('orders.number', '=', number)
      .executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ amount_cents: 2830, state: 'paid', total_cents: 2830 });
    const bank = new SandboxBankAdapter({
      baseUrl: system.urls.bank,
      merchantId: 'cassa',
      secrets: [ensureSecretFile(path.join(system.dataDir, 'secrets', 'bank-merchant-secret'))],
      clock: systemClock,
    });
    await system.worker.runDue();
    await expect
      .poll(async () => (await bank.getPaymentSession(attempt.bank_session_id as string))?.amountCapturedCents, {
        timeout: 15_000,
      })
      .toBe(2830);
    expect((await bank.getPaymentSession(attempt.bank_session_id as string))?.amountCents).toBe(2830);

    await expect
      .poll(
        async () => (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).some((m) => isConfirmation(m.subject)),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    const confirmation = (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).find((m) => isConfirmation(m.subject));
    expect(confirmation?.text).toContain('28,30');
    expect(confirmation?.text).not.toContain('35,38');
  });

  it('in English: Giulia finds the discounts in the header, the expired code is refused in English, IORESTOACASA applies', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, DEMO_GIULIA.email);
    await page.getByRole('banner').getByRole('link', { name: 'Discounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Summary of the discounts valid on our services' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '#IoRestoACasa' }).textContent()).toContain(
      '20% off the net amount, on renewals',
    );
    await page.goto(system.urls.area);
    await openAwaitingOrder(page, 'giulia.bianchi@pec.example.it', { manage: 'Manage', awaiting: 'Awaiting payment' });
    await applyCode(page, 'Discount code', 'Apply', DEMO_PROMOTION_CODES.expired);
    expect(await page.getByRole('alert').textContent()).toMatch(
      /^The code BLACKFRIDAY has expired: it was valid until \d{1,2} \w{3} \d{4}\.$/,
    );
    await applyCode(page, 'Discount code', 'Apply', DEMO_PROMOTION_CODES.valid);
    expect(await page.getByRole('status').textContent()).toContain(
      'Discount code IORESTOACASA applied. New total: €28.30.',
    );
    await page.context().close();
  });
});
