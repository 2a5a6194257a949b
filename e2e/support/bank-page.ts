import type { Page } from 'playwright-core';
import { otpFor } from './mailboxes.ts';

/**
 * On the Banca Sandbox's own page, as a customer does it: holder, number, expiry, CVV → "Procedi" → "Invio dati" →
 * the SMS code from the sandbox's phone → "Conferma" → "torna al negozio". For cards challenged by SMS (4242 …).
 */
export async function payAtBankBySms(
  page: Page,
  bankUrl: string,
  card: { holder: string; number: string; expiry?: string; cvv?: string },
): Promise<void> {
  await page.getByLabel('Numero carta').waitFor();
  const sessionId = new URL(page.url()).pathname.split('/')[2] ?? '';
  await page.getByLabel('Titolare').fill(card.holder);
  await page.getByLabel('Numero carta').fill(card.number);
  await page.getByLabel('Scadenza').fill(card.expiry ?? '12/34');
  await page.getByLabel('CVV').fill(card.cvv ?? '735');
  await page.getByRole('button', { name: 'Procedi' }).click();
  await page.getByRole('button', { name: 'Invio dati' }).click();
  await page.getByLabel('Codice').fill(await otpFor(bankUrl, sessionId));
  await page.getByRole('button', { name: 'Conferma' }).click();
  await page.getByRole('button', { name: 'torna al negozio' }).click();
}
