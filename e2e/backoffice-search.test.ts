import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../src/merchant/operators/create-operator.ts';
import { systemClock } from '../src/shared/clock.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { horizontalOverflow } from './support/overflow.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const EMAIL = 'search.viewer@operators.example.com';
const PASSWORD = 'search-e2e-password';

/**
 * The frame's search box in a browser, as issue 12's acceptance has it: an operator signs in, types in "Cerca",
 * presses "Cerca" and sees the results; Mario's order number goes straight to his order. The results page and the
 * refusal of a too short query pass axe-core's WCAG 2 A/AA rules on a desktop and on a 390 px phone.
 */
describe.skipIf(skipBrowserTests)('back-office search in a browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let marioOrder: string;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    const created = await createOperator(
      system.merchantDb,
      { email: EMAIL, name: 'Viewer', role: 'viewer', password: PASSWORD },
      { clock: systemClock },
    );
    expect(created.kind).toBe('created');
    const order = await system.merchantDb
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select('orders.number')
      .where('customers.email', '=', 'mario.rossi@example.com')
      .orderBy('orders.id')
      .executeTakeFirstOrThrow();
    marioOrder = order.number;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function searchFor(page: Page, text: string): Promise<void> {
    await page.getByLabel('Cerca', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
  }

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 800 }],
  ] as const)('finds customers and orders, and is accessible, on a %s', async (_kind, viewport) => {
    const page = await (await browser.newContext({ viewport, bypassCSP: true })).newPage();
    await page.goto(`${system.urls.backoffice}/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    await searchFor(page, 'rossi');
    await page.getByRole('heading', { level: 1, name: 'Risultati per «rossi»' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cerca');
    await page.getByRole('heading', { level: 2, name: 'Clienti' }).waitFor();
    expect(await page.getByRole('link', { name: 'Mario Rossi' }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    // The groups' tables scroll inside their own region (their cells stick out of it by design).
    const overflow = (await horizontalOverflow(page)).filter(
      (p) => !/the page is|table|caption|thead|tbody|tr|th|td/.test(p),
    );
    expect(overflow).toEqual([]);

    await searchFor(page, 'nessuno-si-chiama-cosi');
    await page.getByText('Nessun risultato').waitFor();

    await searchFor(page, marioOrder);
    await page.waitForURL((url) => url.pathname !== '/cerca');
    expect(new URL(page.url()).pathname).toBe(`/ordini/${marioOrder}`);

    const refused = await page.goto(`${system.urls.backoffice}/cerca?q=a`);
    expect(refused?.status()).toBe(400);
    await page.getByRole('alert').getByText('Scrivi almeno 2 caratteri da cercare.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
