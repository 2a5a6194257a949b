import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { logInNewContext } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo, otpFor } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** "Carte di pagamento" in Chromium: add a card at the bank (one cent, 3-D Secure by SMS), renew on it, remove it. */
describe.skipIf(skipBrowserTests)('payment cards in the browser', () => {
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

  const subjects = async () => (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).map((m) => m.subject);

  async function cardsPage(page: Page): Promise<void> {
    await page.goto(system.urls.area);
    await page.getByRole('link', { name: 'Carte di pagamento' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Carte di pagamento' }).waitFor();
  }

  it('Mario adds a Visa 4242 at the bank, renews the PEC on it, then removes it after the warning: renewal off, with an email', async () => {
    const page = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);

    await cardsPage(page);
    expect(await page.getByRole('cell', { name: 'Mastercard •••• 4444' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Aggiungi carta' }).click();
    await page.getByLabel('Numero carta').waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.bank);
    const sessionId = new URL(page.url()).pathname.split('/')[2] as string;
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill('4242 4242 4242 4242');
    await page.getByLabel('Scadenza').fill('10/33');
    await page.getByLabel('CVV').fill('735');
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { name: 'Riepilogo' }).waitFor();
    await page.getByRole('button', { name: 'Invio dati' }).click();
    await page.getByLabel('Codice').fill(await otpFor(system.urls.bank, sessionId));
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.getByRole('status').filter({ hasText: 'Carta aggiunta' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Visa •••• 4242', exact: true }).count()).toBe(1);

    // Renew the PEC on the new card.
    await page.goto(system.urls.area);
    await page
      .getByRole('row')
      .filter({ hasText: 'mario.rossi@pec.example.it' })
      .getByRole('link', { name: 'Gestisci' })
      .click();
    const visa = await page.locator('option', { hasText: 'Visa •••• 4242' }).getAttribute('value');
    await page.getByLabel('Carta di pagamento').selectOption(visa ?? '');
    await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico attivato' }).waitFor();

    await cardsPage(page);
    // The row whose card is the Visa (the 4444's row names it too, among the cards to replace it with).
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Visa •••• 4242', exact: true }) });
    expect(await row.textContent()).toContain('mario.rossi@pec.example.it');
    await row.getByRole('link', { name: 'Rimuovi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rimuovere la carta Visa •••• 4242?' }).waitFor();
    const warning = page.getByRole('alert');
    expect(await warning.textContent()).toContain('mario.rossi@pec.example.it');
    await page.getByRole('button', { name: 'Sì, rimuovi la carta' }).click();
    await page.getByRole('status').filter({ hasText: 'Carta rimossa' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Visa •••• 4242', exact: true }).count()).toBe(0);

    const off = 'Rinnovo automatico disattivato — PEC mario.rossi@pec.example.it';
    await expect.poll(async () => (await subjects()).filter((s) => s === off).length, { timeout: 15_000 }).toBe(1);
    const pec = await system.merchantDb
      .selectFrom('subscriptions')
      .select(['auto_renew', 'auto_renew_card_id'])
      .where('label', '=', 'mario.rossi@pec.example.it')
      .executeTakeFirstOrThrow();
    expect(pec).toEqual({ auto_renew: false, auto_renew_card_id: null });
    await page.context().close();
  });
});
