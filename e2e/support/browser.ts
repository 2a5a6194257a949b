import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium through playwright-core; they never download a browser of their own.
 * Without Chromium they fail with the way to install it, unless SKIP_BROWSER_TESTS=1 skips them on purpose.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const skipBrowserTests = process.env.SKIP_BROWSER_TESTS === '1';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH), or skip the browser tests with SKIP_BROWSER_TESTS=1.',
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  // The seed's customer browses in Italian: pages without a chosen language follow Accept-Language, and headless
  // Chromium would send en-US. A test that wants another language says so: `newContext({ locale: 'en-GB' })`.
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: 'it-IT', ...options });
  browser.newPage = (options = {}) => newPage({ locale: 'it-IT', ...options });
  return browser;
}
