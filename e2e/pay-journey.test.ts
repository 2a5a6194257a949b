import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { FAVICON_PATH } from '../src/shared/html/favicon.ts';
import { logInNewContext } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The payment as one journey across Pagamenti and the bank, in Chromium on the whole product: the step indicator on
 * every page with its current step, the bank's own way out ("Annulla pagamento") that charges nothing and comes back
 * to the shop, and the bank speaking the customer's language, the payment's description included.
 */
describe.skipIf(skipBrowserTests)('the payment journey across Pagamenti and the bank', () => {
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

  const italian = {
    steps: 'Passaggi del pagamento',
    stepNames: ['Metodo', 'Ordine', 'Carta', 'Autorizzazione', 'Esito'],
    manage: 'Gestisci',
    awaiting: 'Attesa pagamento',
    pay: 'Paga',
    payNow: 'Paga Subito',
    number: "Numero d'ordine",
    proceed: 'Procedi',
    newCard: 'Nuova carta di pagamento',
  };
  const english: typeof italian = {
    steps: 'Payment steps',
    stepNames: ['Method', 'Order', 'Card', 'Authorisation', 'Result'],
    manage: 'Manage',
    awaiting: 'Awaiting payment',
    pay: 'Pay',
    payNow: 'Pay now',
    number: 'Order number',
    proceed: 'Continue',
    newCard: 'New payment card',
  };

  /** The step marked current in the indicator, found by its list's name. */
  const currentStep = (page: Page, words: typeof italian) =>
    page.getByRole('navigation', { name: words.steps }).locator('[aria-current="step"]').textContent();

  /** Area Clienti → "Gestisci" → "Paga" → Pagamenti up to the bank's card form, checking each page's step. */
  async function toTheBank(page: Page, service: string, words: typeof italian): Promise<string> {
    await page.getByRole('row').filter({ hasText: service }).getByRole('link', { name: words.manage }).click();
    const row = page.getByRole('row').filter({ hasText: words.awaiting });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    await row.getByRole('link', { name: words.pay, exact: true }).click();
    await page.getByRole('button', { name: words.payNow }).waitFor();
    expect(await currentStep(page, words)).toBe(words.stepNames[0]);
    await page.getByRole('button', { name: words.payNow }).click();
    await page.getByLabel(words.number).fill(number);
    expect(await currentStep(page, words)).toBe(words.stepNames[1]);
    await page.getByRole('button', { name: words.proceed }).click();
    await page.getByLabel(words.newCard).check();
    expect(await currentStep(page, words)).toBe(words.stepNames[2]);
    await page.getByRole('button', { name: words.proceed }).click();
    await page.waitForURL(`${system.urls.bank}/pay/**`);
    expect(await currentStep(page, words)).toBe(words.stepNames[2]);
    return number;
  }

  it('Mario sees his step on every page, gives up at the bank with "Annulla pagamento", and nothing is charged', async () => {
    const page = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);
    const number = await toTheBank(page, 'mario.rossi@pec.example.it', italian);
    const steps = page.getByRole('navigation', { name: italian.steps }).getByRole('listitem');
    expect(await steps.allTextContents()).toEqual(italian.stepNames);
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill('4242 4242 4242 4242');
    await page.getByLabel('Scadenza').fill('12/34');
    await page.getByLabel('CVV').fill('735');
    await page.getByRole('button', { name: 'Procedi' }).click();
    // "Invio dati" keeps the seed's name; the amount is said beside it.
    await page.getByRole('button', { name: 'Invio dati', exact: true }).waitFor();
    expect(await currentStep(page, italian)).toBe('Carta');
    expect(await page.locator('main').textContent()).toMatch(/Importo: \d+,\d{2}\s€/);
    await page.getByRole('button', { name: 'Invio dati', exact: true }).click();
    await page.getByLabel('Codice').waitFor();
    expect(await currentStep(page, italian)).toBe('Autorizzazione');

    await page.getByRole('button', { name: 'Annulla pagamento' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento non concluso' }).waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.pay);
    expect(await currentStep(page, italian)).toBe('Esito');
    expect(await page.locator('main').textContent()).toContain('Nessun importo è stato addebitato');
    expect(await page.getByRole('link', { name: 'Riprova' }).count()).toBe(1);

    const order = await system.merchantDb
      .selectFrom('orders')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(order.state).toBe('awaiting_payment');
    const attempts = await system.merchantDb
      .selectFrom('payment_attempts')
      .select(['status'])
      .where('order_id', '=', order.id)
      .execute();
    expect(attempts).toEqual([{ status: 'abandoned' }]);
    // One favicon for the three apps, linked by every page and cached for a year by each.
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe(FAVICON_PATH);
    for (const origin of [system.urls.area, system.urls.pay, system.urls.bank]) {
      const icon = await fetch(`${origin}${FAVICON_PATH}`);
      expect(icon.status, origin).toBe(200);
      expect(icon.headers.get('cache-control'), origin).toContain('immutable');
    }
    const emails = await system.merchantDb
      .selectFrom('email_outbox')
      .select('template')
      .where('dedupe_key', 'like', `%order:${order.id}`)
      .execute();
    expect(emails).toEqual([]);
    await page.context().close();
  });

  it('Giulia, in English, sees the steps and the bank in English, with an English description', async () => {
    const page = await logInNewContext(browser, system.urls.area, DEMO_GIULIA.email);
    const number = await toTheBank(page, 'giulia.bianchi@pec.example.it', english);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(`PEC - Certified Email — giulia.bianchi@pec.example.it - ${number}`);
    expect(main).not.toContain('Posta Elettronica Certificata');
    await page.getByLabel('Card number').waitFor();
    await page.getByRole('button', { name: 'Cancel payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payment not finished' }).waitFor();
    expect(await currentStep(page, english)).toBe('Result');
    await page.context().close();
  });
});
