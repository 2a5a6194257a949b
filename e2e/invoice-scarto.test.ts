import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SdiStatus } from '../src/db/schema.ts';
import { findCustomerByEmail } from '../src/merchant/customers/customer-repository.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../src/merchant/demo/demo-data.ts';
import { saveBillingProfile } from '../src/merchant/invoices/billing-profile-repository.ts';
import { findInvoiceOfOrder } from '../src/merchant/invoices/fiscal-document-repository.ts';
import { WRONG_VAT_BILLING } from '../src/merchant/invoices/testing/fiscal-document-fixtures.ts';
import { createOperator } from '../src/merchant/operators/create-operator.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { logInNewContext } from './support/area.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { payWithSavedCardOverHttp } from './support/http-pay.ts';
import { HttpSession } from './support/http-session.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const SUPPORT = { email: 'sara.support@operators.example.com', password: 'back-office-e2e-support' };

/**
 * A scarto from end to end (issue 15): Mario's billing data hold a partita IVA with a wrong check digit (written
 * straight into the row: the form refuses it), he pays, the sandbox SdI discards the invoice with code 00305. Area
 * Clienti and the back office show "Scartata"; the operator reads the reason on the document's page; Mario corrects
 * his partita IVA in "Dati di fatturazione"; the operator confirms "Ritrasmetti al SdI" with a reason; the SdI
 * delivers the new file and both sides show "Consegnata". The SdI's delay passes on the system's manual clock.
 */
describe.skipIf(skipBrowserTests)('a discarded invoice, corrected and sent again, in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;
  let clock: ManualClock;
  let orderId = 0;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    system = await startTestSystem({ clock, env: { SDI_SANDBOX_DELAY_SECONDS: '60' } });
    browser = await launchBrowser();
    const created = await createOperator(
      system.merchantDb,
      { email: SUPPORT.email, name: 'Sara', role: 'support', password: SUPPORT.password },
      { clock },
    );
    expect(created.kind).toBe('created');
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** The SdI's clock moves on in 30-second steps, the worker running after each, until the invoice is `status`. */
  async function untilInvoiceIs(status: SdiStatus): Promise<void> {
    for (let step = 0; step < 40; step++) {
      await system.worker.runDue();
      const invoice = await findInvoiceOfOrder(system.merchantDb, orderId);
      if (invoice?.sdi_status === status) return;
      clock.advance(30_000);
    }
    throw new Error(`the invoice never became ${status}`);
  }

  async function signInSupport(): Promise<Page> {
    const page = await (await browser.newContext({ bypassCSP: true, locale: 'it-IT' })).newPage();
    await page.goto(`${system.urls.backoffice}/login`);
    await page.getByLabel('Email').fill(SUPPORT.email);
    await page.getByLabel('Password').fill(SUPPORT.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    return page;
  }

  it('NS 00305 shows in Area Clienti and the back office; corrected and sent again, it is delivered', async () => {
    const mario = await findCustomerByEmail(system.merchantDb, DEMO_MARIO.email);
    if (!mario) throw new Error('no Mario in the demo');
    await saveBillingProfile(system.merchantDb, mario.id, WRONG_VAT_BILLING, clock.now());
    const order = await system.merchantDb
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('customer_id', '=', mario.id)
      .where('state', '=', 'awaiting_payment')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    orderId = order.id;
    const session = new HttpSession();
    await session.logIn(system.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    await payWithSavedCardOverHttp(session, system.urls, order.number);
    await untilInvoiceIs('rejected');
    const invoice = await findInvoiceOfOrder(system.merchantDb, orderId);
    if (!invoice) throw new Error('no invoice');

    // Mario sees it discarded in "Fatture".
    const area = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);
    await area.getByRole('link', { name: 'Fatture', exact: true }).click();
    expect(await area.getByRole('row').filter({ hasText: invoice.number }).textContent()).toContain('Scartata');
    expect(await area.locator('main').textContent()).toContain('Il Sistema di Interscambio ha scartato un documento');

    // The operator finds it by the SdI state and reads why.
    const bo = await signInSupport();
    await bo.getByRole('link', { name: 'Fatture', exact: true }).click();
    await bo.getByLabel('Stato SdI').selectOption('rejected');
    await bo.getByRole('button', { name: 'Filtra' }).click();
    await bo.getByRole('link', { name: invoice.number, exact: true }).click();
    await bo.getByRole('heading', { level: 1, name: `Fattura ${invoice.number}` }).waitFor();
    const scarto = bo.getByRole('region', { name: /^Scartata dal SdI il / });
    expect(await scarto.textContent()).toContain('00305');
    expect(await scarto.textContent()).toContain('<IdCodice> non valido: 12345678901');
    expect(await axeViolations(bo), 'the document page').toEqual([]);

    // Mario corrects his partita IVA in "Dati di fatturazione".
    await area.getByRole('link', { name: 'Dati di fatturazione' }).click();
    await area.getByRole('heading', { level: 1, name: 'Dati di fatturazione' }).waitFor();
    await area.getByLabel('Partita IVA', { exact: true }).fill('12345678903');
    await area.getByRole('button', { name: 'Salva i dati di fatturazione' }).click();
    await area.getByRole('status').filter({ hasText: 'Dati di fatturazione salvati.' }).waitFor();

    // The operator sends it again, with a reason.
    await bo.reload();
    await bo.getByRole('link', { name: 'Ritrasmetti al SdI' }).click();
    await bo.getByRole('heading', { level: 1, name: `Ritrasmetti al SdI la fattura ${invoice.number}` }).waitFor();
    expect(await bo.locator('main').textContent()).toContain('P.IVA 12345678903');
    expect(await axeViolations(bo), 'the confirmation').toEqual([]);
    await bo.getByLabel('Motivo').fill('Partita IVA corretta dal cliente');
    await bo.getByRole('button', { name: 'Ritrasmetti al SdI' }).click();
    await bo.getByRole('status').filter({ hasText: 'Documento rimesso in coda per il SdI' }).waitFor();

    await untilInvoiceIs('delivered');
    await bo.reload();
    expect(await bo.locator('main').textContent()).toContain('Ricevuta di consegna (RC)');
    expect(await bo.getByRole('region', { name: /^Scartata dal SdI/ }).count()).toBe(0);
    await area.goto(`${system.urls.area}/fatture`);
    expect(await area.getByRole('row').filter({ hasText: invoice.number }).textContent()).toContain('Consegnata');
    await area.context().close();
    await bo.context().close();
  });
});
