import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCustomerByEmail } from '../src/merchant/customers/customer-repository.ts';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { createOperator } from '../src/merchant/operators/create-operator.ts';
import { systemClock } from '../src/shared/clock.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { horizontalOverflow } from './support/overflow.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const OPERATOR = { email: 'customer.support@operators.example.com', password: 'customer-e2e-password' };

/**
 * The customer page in a browser, as an operator of the support role uses it: Mario's page, his automatic renewal
 * switched off through its confirmation, the email that tells him so; each page passes axe-core's WCAG 2 A/AA rules
 * on a desktop and on a phone.
 */
describe.skipIf(skipBrowserTests)('back-office customer page in a browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let marioPath: string;

  const signIn = async (viewport: { width: number; height: number }): Promise<Page> => {
    const page = await (await browser.newContext({ viewport, bypassCSP: true })).newPage();
    await page.goto(`${system.urls.backoffice}/login`);
    await page.getByLabel('Email').fill(OPERATOR.email);
    await page.getByLabel('Password').fill(OPERATOR.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    return page;
  };
  /**
   * What sticks out of the page itself. A table scrolls inside its own region (`.table-wrap`, overflow-x: auto); the
   * helper counts only boxes that clip, so the region is made to clip for the count.
   */
  const overflowOf = async (page: Page) => {
    await page.addStyleTag({ content: '.table-wrap { overflow-x: clip !important; }' });
    // Each element of this page that sticks out is listed by itself; the page's width then only repeats the frame's.
    return (await horizontalOverflow(page)).filter((p) => !/the page is/.test(p));
  };

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    const created = await createOperator(
      system.merchantDb,
      { ...OPERATOR, name: 'Assistenza', role: 'support' },
      { clock: systemClock },
    );
    expect(created.kind).toBe('created');
    const mario = await findCustomerByEmail(system.merchantDb, DEMO_MARIO.email);
    marioPath = `/clienti/${mario?.id}`;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('switches off an automatic renewal through its confirmation and opens the email it sent', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    await page.goto(`${system.urls.backoffice}${marioPath}`);
    await page.getByRole('heading', { level: 1, name: 'Cliente Mario Rossi' }).waitFor();
    const services = page.getByRole('region', { name: 'Servizi' }).first();
    const row = services.getByRole('row', { name: /CONSERVAZIONE/ });
    expect(await row.textContent()).toContain('Attivo su Mastercard •••• 4444');
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole('link', { name: 'Disattiva rinnovo automatico' }).click();
    await page.getByRole('heading', { level: 1, name: /Disattiva il rinnovo automatico di CONSERVAZIONE/ }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'stessa email di conferma' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Motivo').fill('Il cliente ha chiamato: non vuole il rinnovo');
    await page.getByRole('button', { name: 'Disattiva rinnovo automatico' }).click();

    await page.waitForURL(/fatto=auto_renew_off/);
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico disattivato' }).waitFor();
    expect(await services.getByRole('row', { name: /CONSERVAZIONE/ }).textContent()).toContain('Non attivo');
    expect(await page.getByRole('region', { name: 'Azioni degli operatori' }).first().textContent()).toContain(
      'Il cliente ha chiamato: non vuole il rinnovo',
    );

    await page
      .getByRole('region', { name: 'Email inviate' })
      .first()
      .getByRole('link', { name: 'auto_renew_deactivated' })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: /^Email \d+$/ }).waitFor();
    expect(await page.locator('pre').textContent()).toContain('Conservazione documenti - Studio Rossi');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Mario Rossi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cliente Mario Rossi' }).waitFor();
  });

  it('the customer page, an email and a confirmation are accessible and fit on a phone', async () => {
    const page = await signIn({ width: 390, height: 800 });
    await page.goto(`${system.urls.backoffice}${marioPath}`);
    await page.getByRole('heading', { level: 1, name: 'Cliente Mario Rossi' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toEqual([]);
    await page.getByRole('region', { name: 'Email inviate' }).first().getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Email \d+$/ }).waitFor();
    // The first test's email goes out through the system's own worker: resending is offered once it has.
    const resend = page.getByRole('link', { name: 'Reinvia email' });
    const resendOffered = async () => {
      await page.reload();
      return resend.count();
    };
    await expect.poll(resendOffered, { timeout: 20_000 }).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toEqual([]);
    await page.getByRole('link', { name: 'Reinvia email' }).click();
    await page.getByRole('heading', { level: 1, name: /^Reinvia l’email/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toEqual([]);
  });
});
