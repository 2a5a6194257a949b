import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRemoteCommand } from '../src/admin/admin-client.ts';
import { readAdminToken } from '../src/admin/admin-token.ts';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The bank's server-to-server notifications never arrive here (as in a network partition): the customer's return
 * through "torna al negozio" completes a payment alone, and when the browser is closed as well, the reconciliation
 * job does, by asking the bank.
 */
describe.skipIf(skipBrowserTests)('Pagamenti without the bank notifications', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem({ bankNotifications: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function payWithNewFrictionlessCard(serviceLabel: string): Promise<{ page: Page; number: string }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await page.getByLabel('Email').fill(DEMO_MARIO.email);
    await page.getByLabel('Password').fill(DEMO_MARIO.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: 'Gestisci' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill('5555 5555 5555 4444');
    await page.getByLabel('Scadenza').fill('12/34');
    await page.getByLabel('CVV').fill('123');
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('button', { name: 'Invio dati' }).click();
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor();
    return { page, number };
  }

  const orderState = async (number: string) =>
    (
      await system.merchantDb
        .selectFrom('orders')
        .select('state')
        .where('number', '=', number)
        .executeTakeFirstOrThrow()
    ).state;

  const emailsOf = async (number: string) => {
    const order = await system.merchantDb
      .selectFrom('orders')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const rows = await system.merchantDb
      .selectFrom('email_outbox')
      .select('template')
      .where('dedupe_key', 'like', `%:order:${order.id}`)
      .execute();
    return rows.map((row) => row.template).sort();
  };

  it('the return alone ("torna al negozio") completes the order', async () => {
    const { page, number } = await payWithNewFrictionlessCard('SPID - Mario Rossi (RSSMRA80A01H501U)');
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    expect(await orderState(number)).toBe('paid');
    expect(await emailsOf(number)).toEqual(['auto_renew_activated', 'payment_confirmation']);
    expect(await system.merchantDb.selectFrom('gateway_events').select('event_id').execute()).toEqual([]);
    await page.context().close();
  });

  it('with the browser closed after the approval too, the reconciliation job completes the order', async () => {
    const { page, number } = await payWithNewFrictionlessCard('Fatturazione PA - P.IVA 01234567890');
    await page.context().close();
    expect(await orderState(number)).toBe('awaiting_payment');

    const adminPort = Number(new URL(system.urls.admin!).port);
    const run = () =>
      runRemoteCommand(
        adminPort,
        readAdminToken(system.dataDir)!,
        'reconcile',
        ['--older-than-minutes', '0'],
        () => {},
      );
    expect((await run()).ok).toBe(true);
    expect(await orderState(number)).toBe('paid');
    expect(await emailsOf(number)).toEqual(['auto_renew_activated', 'payment_confirmation']);
    // A second pass finds nothing left to settle and changes nothing.
    expect((await run()).ok).toBe(true);
    expect(await emailsOf(number)).toEqual(['auto_renew_activated', 'payment_confirmation']);
  });
});
