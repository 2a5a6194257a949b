import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../src/merchant/operators/create-operator.ts';
import { systemClock } from '../src/shared/clock.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { horizontalOverflow } from './support/overflow.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const PASSWORD = 'dashboard-e2e-password';

/**
 * The back office's dashboard on the demo history, in a browser: it passes axe-core's WCAG 2 A/AA rules on a desktop
 * and on a 390 px phone without overflowing, its window switch is a link, and its table fallback opens.
 */
describe.skipIf(skipBrowserTests)('back-office dashboard in a browser', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    const created = await createOperator(
      system.merchantDb,
      { email: 'dashboard.viewer@operators.example.com', name: 'Viewer', role: 'viewer', password: PASSWORD },
      { clock: systemClock },
    );
    expect(created.kind).toBe('created');
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 800 }],
  ] as const)('is accessible and fits on a %s', async (_kind, viewport) => {
    const page = await (await browser.newContext({ viewport, bypassCSP: true })).newPage();
    await page.goto(`${system.urls.backoffice}/login`);
    await page.getByLabel('Email').fill('dashboard.viewer@operators.example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.getByRole('img', { name: /Pagamenti al giorno/ }).count()).toBe(1);
    await page.getByText('Mostra i numeri in tabella').first().click();
    expect(await axeViolations(page)).toEqual([]);
    // The tables scroll inside their own region (their cells stick out of it by design).
    const overflow = (await horizontalOverflow(page)).filter(
      (p) => !/the page is|table|caption|thead|tbody|tr|th|td/.test(p),
    );
    expect(overflow).toEqual([]);
    await page.getByRole('link', { name: '90 giorni' }).click();
    await page.waitForURL(/days=90/);
    expect(await axeViolations(page)).toEqual([]);
  });
});
