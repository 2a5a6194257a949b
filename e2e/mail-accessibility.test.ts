import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { allEmailSamples } from '../src/merchant/email/email-samples.ts';
import { emailSettingsFrom, renderEmail } from '../src/merchant/email/render-email.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const settings = emailSettingsFrom(loadConfig({}));

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

describe.skipIf(skipBrowserTests)('every email passes axe-core (WCAG 2 A/AA) in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const cases = allEmailSamples().flatMap((sample) =>
    (['it', 'en'] as const).map((locale) => [sample.name, locale, sample] as const),
  );

  it.each(cases)('%s (%s)', async (_name, locale, sample) => {
    const email = renderEmail(sample.template, sample.data, locale, settings);
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.setContent(email.html);
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(
        "axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })",
      )) as AxeResult;
      expect(
        result.violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`),
      ).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      // Responsive: nothing wider than a phone's screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    } finally {
      await page.close();
    }
  });
});
