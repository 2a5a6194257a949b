import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { logInNewContext } from './support/area.ts';
import { payAtBankBySms } from './support/bank-page.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * "Paga subito un ordine" in Chromium: paying an order by its number and the account's email without logging in, in
 * Italian and in English; the card page's charging button and renewal choice; and "Annulla pagamento".
 */
describe.skipIf(skipBrowserTests)('paying without logging in, and the way out, in Chromium', () => {
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

  /** The customer's order awaiting payment on the service with this label. */
  async function orderOf(label: string) {
    return system.merchantDb
      .selectFrom('orders')
      .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
      .selectAll('orders')
      .where('subscriptions.label', '=', label)
      .where('orders.state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
  }

  const stateOf = async (orderId: number) =>
    (await system.merchantDb.selectFrom('orders').select('state').where('id', '=', orderId).executeTakeFirstOrThrow())
      .state;

  async function lookUp(page: Page, labels: { number: string; proceed: string }, number: string, email: string) {
    await page.getByLabel(labels.number).fill(number);
    await page.getByLabel('Email').fill(email);
    // The answer is a new page (422 with the message, or 303 to the summary): wait for it, not for the old one.
    const loaded = page.waitForEvent('domcontentloaded');
    await page.getByRole('button', { name: labels.proceed, exact: true }).click();
    await loaded;
  }

  it('Italian: by order number and email, without logging in, with 4242 and the SMS code → Pagato; no saved card offered, no automatic renewal; a wrong number and a wrong email get the same message', async () => {
    const order = await orderOf('SPID - Mario Rossi (RSSMRA80A01H501U)');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.pay}/`);
    await page.getByRole('link', { name: 'Paga subito un ordine' }).click();
    await page.getByRole('heading', { level: 1, name: 'Paga subito un ordine' }).waitFor();

    const labels = { number: "Numero d'ordine", proceed: 'Procedi' };
    await lookUp(page, labels, 'ORD-2026-999999', DEMO_MARIO.email);
    const wrongNumber = await page.getByRole('alert').textContent();
    await lookUp(page, labels, order.number, 'non.mario@example.com');
    expect(await page.getByRole('alert').textContent()).toBe(wrongNumber);
    expect(wrongNumber).toContain('Non troviamo un ordine in attesa di pagamento con questo numero e questa email');

    await lookUp(page, labels, order.number, DEMO_MARIO.email);
    await page.getByRole('heading', { level: 1, name: "Riepilogo dell'ordine" }).waitFor();
    const summary = await page.locator('main').textContent();
    expect(summary).toContain(order.number);
    expect(summary).toContain('Pagando senza accedere, il rinnovo automatico non viene attivato');
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(summary).not.toContain('4444');
    await page.getByRole('button', { name: /^Procedi al pagamento di \d+,\d\d\s€$/ }).click();

    await payAtBankBySms(page, system.urls.bank, { holder: 'Mario Rossi', number: '4242 4242 4242 4242' });
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    const result = await page.locator('main').textContent();
    expect(result).toContain("L'ordine è Pagato.");
    expect(result).toContain('Il rinnovo automatico non è stato attivato, perché hai pagato senza accedere.');

    expect(await stateOf(order.id)).toBe('paid');
    const service = await system.merchantDb
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    expect(service.auto_renew).toBe(false);
    const saved = await system.merchantDb.selectFrom('saved_cards').select('id').where('last4', '=', '4242').execute();
    expect(saved).toEqual([]);
    await page.context().close();
  });

  it('English: the same message for a wrong email; "Cancel payment" after going to the bank charges nothing and leads back to the start', async () => {
    const order = await orderOf('giulia.bianchi@pec.example.it');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.pay}/paga-subito`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pay an order now' }).waitFor();
    const labels = { number: 'Order number', proceed: 'Continue' };
    await lookUp(page, labels, 'ORD-2026-999999', DEMO_GIULIA.email);
    const wrongNumber = await page.getByRole('alert').textContent();
    await lookUp(page, labels, order.number, DEMO_MARIO.email);
    expect(await page.getByRole('alert').textContent()).toBe(wrongNumber);

    await lookUp(page, labels, order.number, DEMO_GIULIA.email);
    await page.getByRole('heading', { level: 1, name: 'Order summary' }).waitFor();
    await page.getByRole('button', { name: /^Continue and pay €\d+\.\d\d$/ }).click();
    await page.getByLabel('Card number').waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Order summary' }).waitFor();
    await page.getByRole('button', { name: 'Cancel payment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pay an order now' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('Payment cancelled: nothing was charged.');

    const attempt = await system.merchantDb
      .selectFrom('payment_attempts')
      .select(['status', 'payer'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(attempt).toEqual({ status: 'cancelled', payer: 'guest' });
    expect(await stateOf(order.id)).toBe('awaiting_payment');
    await page.context().close();
  });

  it('signed in: unticking "Attiva il rinnovo automatico" leaves renewal off; "Annulla pagamento" leads back to Area Clienti, nothing charged', async () => {
    const page = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);
    for (const label of ['Fatturazione PA - P.IVA 01234567890', 'Firma Digitale Remota - Mario Rossi']) {
      const order = await orderOf(label);
      await page.goto(`${system.urls.area}/paga/${order.number}`);
      await page.getByRole('button', { name: 'Paga Subito' }).click();
      await page.getByLabel("Numero d'ordine").fill(order.number);
      await page.getByRole('button', { name: 'Procedi', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Scegli la carta di credito' }).waitFor();
      if (label.startsWith('Firma')) {
        await page.getByRole('button', { name: 'Annulla pagamento' }).click();
        await page.waitForURL((url) => url.origin === system.urls.area);
        await page.getByRole('heading', { level: 1, name: 'I tuoi servizi' }).waitFor();
        expect(await stateOf(order.id)).toBe('awaiting_payment');
        continue;
      }
      const choice = page.getByLabel(/^Attiva il rinnovo automatico su questa carta: prossimo addebito il /);
      expect(await choice.isChecked()).toBe(true);
      await choice.uncheck();
      await page.getByRole('button', { name: /^Procedi al pagamento di / }).click();
      await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(
        'Il rinnovo automatico non è stato attivato, come hai scelto.',
      );
      const service = await system.merchantDb
        .selectFrom('subscriptions')
        .select('auto_renew')
        .where('id', '=', order.subscription_id)
        .executeTakeFirstOrThrow();
      expect(service.auto_renew).toBe(false);
    }
    await page.context().close();
  });
});
