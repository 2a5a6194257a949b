import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { allEmailSamples } from '../src/merchant/email/email-samples.ts';
import { emailSettingsFrom, renderEmail } from '../src/merchant/email/render-email.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';

const settings = emailSettingsFrom(loadConfig({}));

describe.skipIf(skipBrowserTests)('every email passes axe-core (WCAG 2 A/AA) in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const cases = allEmailSamples().flatMap((sample) =>
    (['it', 'en'] as const).map((locale) => [sample.name, locale, sample] as const),
  );

  // Each case is a page of its own: several at once let Chromium's renderers use both cores (axe is CPU-bound).
  it.concurrent.for(cases)('%s (%s)', async ([, locale, sample], { expect }) => {
    const email = renderEmail(sample.template, sample.data, locale, settings);
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.setContent(email.html);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      // Responsive: nothing wider than a phone's screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    } finally {
      await page.close();
    }
  });
});
