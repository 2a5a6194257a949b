import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/merchant/demo/demo-data.ts';

/** On Area Clienti's login page: Email, Password, "Accedi" (or "Log in" in English), then the page that follows. */
export async function submitLogin(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** A new browser context (its own cookies), logged into Area Clienti at `areaUrl`. */
export async function logInNewContext(browser: Browser, areaUrl: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${areaUrl}/login`);
  await submitLogin(page, email);
  return page;
}
