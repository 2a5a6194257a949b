import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { openTestDatabase } from '../src/db/test-databases.ts';
import { buildAreaApp } from '../src/merchant/area/area-app.ts';
import { DEMO_MARIO, seedDemoData } from '../src/merchant/demo/demo-data.ts';
import { findBillingProfile } from '../src/merchant/invoices/billing-profile-repository.ts';
import { systemClock } from '../src/shared/clock.ts';
import { submitLogin } from './support/area.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { horizontalOverflow, PHONE_VIEWPORT } from './support/overflow.ts';
import { freePorts } from './support/ports.ts';

/** "Dati di fatturazione" as a customer fills it in (issue 15): found by its labels, refused field by field, saved. */
describe.skipIf(skipBrowserTests)('Dati di fatturazione in Chromium', () => {
  let database: Database<MerchantDatabase>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>('pglite', merchantMigrations);
    const config = loadConfig({ NODE_ENV: 'test' });
    await seedDemoData(database.db, { clock: systemClock, timeZone: config.businessTimeZone });
    app = await buildAreaApp({ db: database.db, config, logger: pino({ level: 'silent' }), clock: systemClock });
    const [port] = (await freePorts(1)) as [number];
    await app.listen({ port, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('Mario switches his invoices to his company: a wrong partita IVA is refused on its field, then saved', async () => {
    // axe's script is injected inline: the context lets it past the page's CSP.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${baseUrl}/login`);
    await submitLogin(page, DEMO_MARIO.email);
    await page.getByRole('link', { name: 'Dati di fatturazione' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dati di fatturazione' }).waitFor();
    // The demo's data are shown back.
    expect(await page.getByLabel('Codice fiscale', { exact: true }).inputValue()).toBe('RSSMRA80A01H501U');
    expect(await page.getByLabel('Persona fisica (privato)').isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Azienda o professionista con partita IVA').check();
    await page.getByLabel('Denominazione').fill('Rossi Servizi S.n.c.');
    await page.getByLabel('Partita IVA', { exact: true }).fill('12345678904');
    await page.getByLabel('Codice destinatario').fill('abc1234');
    await page.getByRole('button', { name: 'Salva i dati di fatturazione' }).click();

    await page.getByRole('alert').filter({ hasText: 'controlla i campi segnalati' }).waitFor();
    const vat = page.getByLabel('Partita IVA', { exact: true });
    expect(await vat.getAttribute('aria-invalid')).toBe('true');
    expect(await vat.inputValue()).toBe('12345678904');
    const describedBy = (await vat.getAttribute('aria-describedby')) ?? '';
    const reason = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
    expect(reason).toContain('La cifra di controllo della partita IVA non è corretta');
    expect(await page.getByLabel('Denominazione').inputValue()).toBe('Rossi Servizi S.n.c.');
    expect(await axeViolations(page)).toEqual([]);

    await vat.fill('12345678903');
    await page.getByRole('button', { name: 'Salva i dati di fatturazione' }).click();
    await page.getByRole('status').filter({ hasText: 'Dati di fatturazione salvati.' }).waitFor();
    expect(await page.getByLabel('Partita IVA', { exact: true }).inputValue()).toBe('12345678903');
    expect(await page.getByLabel('Codice destinatario').inputValue()).toBe('ABC1234');
    expect(await page.getByLabel('Azienda o professionista con partita IVA').isChecked()).toBe(true);

    const mario = await database.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
    expect(await findBillingProfile(database.db, mario.id)).toMatchObject({
      kind: 'company',
      name: 'Rossi Servizi S.n.c.',
      vatNumber: '12345678903',
      recipientCode: 'ABC1234',
    });
    await page.context().close();
  });

  it('fits a phone, in English too, with every field refused at once', async () => {
    const page = await (await browser.newContext({ viewport: PHONE_VIEWPORT, bypassCSP: true })).newPage();
    await page.goto(`${baseUrl}/login`);
    await submitLogin(page, DEMO_MARIO.email);
    await page.goto(`${baseUrl}/dati-fatturazione`);
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing details' }).waitFor();
    await page.getByLabel('A public administration').check();
    await page.getByLabel('Company or body name').fill('');
    await page.getByLabel('Office code (codice univoco ufficio)').fill('12');
    await page.getByLabel('Tax code (codice fiscale)').fill('RSSMRA80A01H501A');
    await page.getByLabel('Postal code (CAP)').fill('');
    await page.getByRole('button', { name: 'Save billing details' }).click();
    await page.getByRole('alert').filter({ hasText: 'check the marked fields' }).waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(4);
    expect(await page.locator('.field-error').allTextContents()).toEqual([
      'This is required',
      'The check character of the tax code (codice fiscale) is wrong',
      'The office code (codice univoco ufficio) has 6 characters, letters and digits (see the IPA register)',
      'This is required',
    ]);
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    // Back to Italian: the choice is kept on the account.
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dati di fatturazione' }).waitFor();
    await page.context().close();
  });
});
