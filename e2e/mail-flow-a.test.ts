import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { logInNewContext } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The emails the seed promises, end to end: Flow A in Chromium on the whole product, then the built-in inbox (real
 * SMTP, real parsing) holds exactly what the customer should receive — no more, no less.
 */
describe.skipIf(skipBrowserTests)("emails after the seed's Flow A", () => {
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

  const inbox = async () => messagesTo(system.urls.inbox, DEMO_MARIO.email);

  async function payWithSavedCard(page: Page, serviceLabel: string): Promise<string> {
    await page.goto(system.urls.area);
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: 'Gestisci' }).click();
    await page.getByRole('heading', { level: 1, name: serviceLabel }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0];
    if (!number) throw new Error('no order awaiting payment');
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel(/Mastercard •••• 4444/).check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    return number;
  }

  it('holds one payment confirmation and one automatic-renewal activation for the PEC; then only a payment confirmation for Firma Digitale', async () => {
    expect(system.urls.inbox).toBeDefined();
    const page = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);

    const pecOrder = await payWithSavedCard(page, 'mario.rossi@pec.example.it');
    await expect.poll(async () => (await inbox()).length, { timeout: 15_000 }).toBe(2);
    let messages = await inbox();
    const confirmations = messages.filter((m) => m.subject === `Pagamento ricevuto — ordine ${pecOrder}`);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.text).toContain('Mastercard che termina con 4444');
    expect(confirmations[0]!.text).toContain('Gentile Mario Rossi,');
    expect(confirmations[0]!.html).toContain('<html lang="it"');
    const activations = messages.filter(
      (m) => m.subject === 'Rinnovo automatico attivo — PEC mario.rossi@pec.example.it',
    );
    expect(activations).toHaveLength(1);

    const firmaOrder = await payWithSavedCard(page, 'Firma Digitale Remota - Mario Rossi');
    await expect.poll(async () => (await inbox()).length, { timeout: 15_000 }).toBe(3);
    // A little longer: nothing else may arrive (no renewal email for Firma Digitale, no duplicate).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    messages = await inbox();
    expect(
      messages
        .map((m) => m.subject)
        .slice(1)
        .sort(),
    ).toEqual(
      [`Pagamento ricevuto — ordine ${pecOrder}`, 'Rinnovo automatico attivo — PEC mario.rossi@pec.example.it'].sort(),
    );
    expect(messages[0]!.subject).toBe(`Pagamento ricevuto — ordine ${firmaOrder}`);
    expect(messages.filter((m) => /Rinnovo automatico/.test(m.subject))).toHaveLength(1);
    await page.context().close();
  });
});
