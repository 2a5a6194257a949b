import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { submitLogin } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { otpFor } from './support/mailboxes.ts';
import { expectNoHorizontalOverflow, PHONE_VIEWPORT } from './support/overflow.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** A PEC address as long as real ones get: nothing to break a line at, the usual cause of a page scrolling sideways. */
const LONG_PEC = 'amministrazione.contabilita.fornitori@pec.studio-associato-rossi-bianchi.example.it';

/**
 * Every page of Flow A, Flow B (the bank's pages included), "Carte di pagamento" (adding a card at the bank), automatic
 * renewal off and on, and the cancel confirmation, on a 360-px phone: none may scroll sideways. New pages join the
 * walk with one `await fits('name')` after reaching them.
 */
describe.skipIf(skipBrowserTests)('every page fits a 360-px phone', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    await system.merchantDb
      .updateTable('subscriptions')
      .set({ label: LONG_PEC })
      .where('label', '=', 'mario.rossi@pec.example.it')
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const customerId = async (email: string) =>
    (await system.merchantDb.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirst())?.id;

  async function phone(): Promise<{ page: Page; fits: (name: string) => Promise<void> }> {
    const page = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
    return { page, fits: (name) => expectNoHorizontalOverflow(page, name) };
  }

  /** On the home page: Gestisci on the service; returns the number of its order awaiting payment. */
  async function manage(page: Page, label: string | RegExp): Promise<string> {
    await page.goto(system.urls.area);
    await page.getByRole('row').filter({ hasText: label }).getByRole('link', { name: 'Gestisci' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ordini' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    if ((await row.count()) === 0) return '';
    return (await row.first().textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
  }

  /** Paga → "Carta di Credito", "Paga Subito" → the orders panel → the order number, "Procedi": the card choice. */
  async function payUpToCardChoice(page: Page, number: string, fits: (name: string) => Promise<void>) {
    await page.getByRole('row').filter({ hasText: number }).getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).waitFor();
    await fits('Pagamenti: payment method');
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").waitFor();
    await fits('Pagamenti: orders awaiting payment');
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await page.getByLabel('Nuova carta di pagamento').waitFor();
    await fits('Pagamenti: card choice');
  }

  /** The bank's hosted pages for a new card challenged by SMS, with its code, up to "torna al negozio". */
  async function newCardAtBank(
    page: Page,
    fits: (name: string) => Promise<void>,
    card: { number: string; expiry: string },
  ) {
    await page.getByLabel('Numero carta').waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.bank);
    // The bank names the merchant as the provider is called (PROVIDER_NAME), not "Cassa".
    expect(await page.getByText('Pagamento a Servizi Certificati Demo').count()).toBeGreaterThan(0);
    await fits('bank: card form');
    const sessionId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill(card.number);
    await page.getByLabel('Scadenza').fill(card.expiry);
    await page.getByLabel('CVV').fill('735');
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await page.getByRole('button', { name: /Invio dati/ }).waitFor();
    await fits('bank: summary');
    await page.getByRole('button', { name: /Invio dati/ }).click();
    await page.getByLabel('Codice').waitFor();
    await fits('bank: SMS challenge');
    await page.getByLabel('Codice').fill(await otpFor(system.urls.bank, sessionId));
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByRole('button', { name: 'torna al negozio' }).waitFor();
    await fits('bank: result');
    await page.getByRole('button', { name: 'torna al negozio' }).click();
  }

  it('Area Clienti, the cancel confirmation, Flow A, automatic renewal off and on, Flow B, adding a card', async () => {
    const { page, fits } = await phone();
    await page.goto(`${system.urls.area}/login`);
    await fits('login');
    await submitLogin(page, DEMO_MARIO.email);
    await fits('home');
    expect(await page.getByRole('link', { name: /^Servizi Certificati Demo\s*Area Clienti$/ }).count()).toBe(1);

    // The cancel confirmation, and Riattiva after it.
    const spid = await manage(page, 'SPID - Mario Rossi');
    await fits('service page');
    await page.getByRole('row').filter({ hasText: spid }).getByRole('link', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: 'Conferma annullamento' }).waitFor();
    await fits('cancel confirmation');
    await page.getByRole('button', { name: 'Conferma annullamento' }).click();
    await page.getByRole('button', { name: 'Riattiva' }).waitFor();
    await fits('service page with a cancelled renewal');
    await page.getByRole('button', { name: 'Riattiva' }).click();
    await page.getByRole('status').filter({ hasText: 'Ordine riattivato' }).waitFor();

    // Flow A on the PEC with a long address: the saved card ending 4444.
    const pec = await manage(page, LONG_PEC);
    await fits('service page with a long address');
    await page.getByRole('row').filter({ hasText: pec }).getByRole('link', { name: pec }).click();
    await page.getByRole('heading', { level: 1, name: `Ordine ${pec}` }).waitFor();
    await fits('order page');
    await page.goBack();
    await payUpToCardChoice(page, pec, fits);
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    await fits('Flow A: payment completed');

    // Automatic renewal, now on for the PEC: off after the confirmation, then on again.
    await manage(page, LONG_PEC);
    await page.getByRole('link', { name: 'Disattiva rinnovo automatico' }).click();
    await page.getByRole('button', { name: 'Sì, disattiva' }).waitFor();
    await fits('automatic renewal off: confirmation');
    await page.getByRole('button', { name: 'Sì, disattiva' }).click();
    await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).waitFor();
    await fits('automatic renewal off: done');
    await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).click();
    await page.getByRole('link', { name: 'Disattiva rinnovo automatico' }).waitFor();
    await fits('automatic renewal on: done');

    // Flow B on the SPID renewal: a new card at the bank, 3-D Secure by SMS.
    const reopened = await manage(page, 'SPID - Mario Rossi');
    expect(reopened).toBe(spid);
    await payUpToCardChoice(page, spid, fits);
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await newCardAtBank(page, fits, { number: '4242 4242 4242 4242', expiry: '12/34' });
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    await fits('Flow B: payment completed');

    // "Carte di pagamento": add a card at the bank.
    await page.goto(`${system.urls.area}/cards`);
    await page.getByRole('heading', { level: 1, name: 'Carte di pagamento' }).waitFor();
    await fits('cards');
    await page.getByRole('button', { name: 'Aggiungi carta' }).click();
    // Any other Luhn-valid number: challenged by SMS, then approved.
    await newCardAtBank(page, fits, { number: '4000 0566 5566 5556', expiry: '10/33' });
    await page.getByRole('status').filter({ hasText: 'Carta aggiunta' }).waitFor();
    await fits('cards: card added');
    await page.context().close();
  });

  it('the discounts, help, contact, password reset, automatic renewal and "Paga subito un ordine" pages', async () => {
    const { page, fits } = await phone();
    for (const [path, name] of [
      ['/sconti', 'discounts, signed out'],
      ['/assistenza', 'help, signed out'],
      ['/password-dimenticata', 'forgotten password'],
      ['/rinnovo-automatico', 'automatic renewal explained'],
    ] as const) {
      await page.goto(`${system.urls.area}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await fits(name);
    }
    // Paying without logging in: the start, then the summary of Mario's Firma Digitale order (new card only).
    const order = await system.merchantDb
      .selectFrom('orders')
      .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
      .select('orders.number')
      .where('subscriptions.product_code', '=', 'firma_digitale')
      .where('orders.customer_id', '=', (await customerId(DEMO_MARIO.email)) as number)
      .where('orders.state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    await page.goto(`${system.urls.pay}/`);
    await page.getByRole('link', { name: 'Paga subito un ordine' }).click();
    await page.getByLabel("Numero d'ordine").waitFor();
    await fits('Pagamenti: Paga subito un ordine');
    await page.getByLabel("Numero d'ordine").fill(order.number);
    await page.getByLabel('Email').fill(DEMO_MARIO.email);
    await page.getByRole('button', { name: 'Procedi', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: "Riepilogo dell'ordine" }).waitFor();
    await fits('Pagamenti: guest order summary');
    // Signed in: the discounts inside the layout, the contact form, an order page with "Codice sconto".
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, DEMO_MARIO.email);
    await page.goto(`${system.urls.area}/sconti`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await fits('discounts, signed in');
    await page.goto(`${system.urls.area}/assistenza/contatta`);
    await page.getByRole('button', { name: 'Invia richiesta' }).waitFor();
    await fits('contact form');
    // An order awaiting payment that no other test pays: the Firma Digitale purchase.
    await page.goto(`${system.urls.area}/orders/${order.number}`);
    await page.getByLabel('Codice sconto').waitFor();
    await fits('order page with "Codice sconto"');
    await page.context().close();
  });

  it('the English pages too', async () => {
    const { page, fits } = await phone();
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, DEMO_GIULIA.email);
    await fits('home (en)');
    await page
      .getByRole('row')
      .filter({ hasText: 'giulia.bianchi@pec.example.it' })
      .getByRole('link', { name: 'Manage' })
      .click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await fits('service page (en)');
    const row = page.getByRole('row').filter({ hasText: 'Awaiting payment' });
    await row.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Confirm cancellation' }).waitFor();
    await fits('cancel confirmation (en)');
    await page.context().close();
  });
});
