import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiApp } from '../src/merchant/api/api-app.ts';
import { DOCS_PATH } from '../src/merchant/api/docs-routes.ts';
import { apiTestApp } from '../src/merchant/api/testing/api-test-app.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { freePorts } from './support/ports.ts';

describe.skipIf(skipBrowserTests)('the API docs page in Chromium', () => {
  let app: ApiApp;
  let browser: Browser;
  let origin: string;
  beforeAll(async () => {
    // The page and the document need no database: none is opened.
    app = await apiTestApp({} as never, new ManualClock('2026-12-02T10:00:00Z'));
    const [port] = await freePorts(1);
    await app.listen({ port, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders every operation from this origin only, its scripts allowed by a CSP of self', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    const violations: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) external.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${origin}${DOCS_PATH}`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(20);
    await expect(page.getByText('/api/v1/orders/{id}/cancel').count()).resolves.toBeGreaterThan(0);
    expect(external).toEqual([]);
    // Swagger UI applies one inline style that the policy blocks, harmlessly; no script is ever refused.
    expect(violations.filter((v) => /script-src|Refused to (load|execute)/.test(v))).toEqual([]);
  });
});
