import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { openTestDatabase } from '../src/db/test-databases.ts';
import { buildAreaApp } from '../src/merchant/area/area-app.ts';
import { DEMO_GIULIA, DEMO_MARIO, seedDemoData } from '../src/merchant/demo/demo-data.ts';
import { systemClock } from '../src/shared/clock.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';

describe.skipIf(skipBrowserTests)('Area Clienti in Chromium', () => {
  let database: Database<MerchantDatabase>;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>('pglite', merchantMigrations);
    const config = loadConfig({ NODE_ENV: 'test' });
    await seedDemoData(database.db, { clock: systemClock, timeZone: config.businessTimeZone });
    app = await buildAreaApp({
      db: database.db,
      config,
      logger: pino({ level: 'silent' }),
      clock: systemClock,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function logIn(email: string, password: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
    return page;
  }

  it('lets Mario log in, see his six services, open the PEC one and find an order awaiting payment with "Paga"', async () => {
    const page = await logIn(DEMO_MARIO.email, DEMO_MARIO.password);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('I tuoi servizi');
    await expect.poll(() => page.getByRole('link', { name: 'Gestisci' }).count()).toBe(6);

    const pecRow = page.getByRole('row').filter({ hasText: 'mario.rossi@pec.example.it' });
    await pecRow.getByRole('link', { name: 'Gestisci' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('mario.rossi@pec.example.it');

    const awaiting = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    expect(await awaiting.count()).toBe(1);
    const pay = awaiting.getByRole('link', { name: 'Paga' });
    expect(await pay.isVisible()).toBe(true);
    expect(await pay.getAttribute('href')).toMatch(/^\/paga\/ORD-\d{4}-\d{6}$/);
    expect(await page.getByRole('row').filter({ hasText: 'Pagato' }).count()).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it("keeps Mario's service and order out of Giulia's reach: 404 by URL", async () => {
    const mario = await logIn(DEMO_MARIO.email, DEMO_MARIO.password);
    await mario
      .getByRole('row')
      .filter({ hasText: 'mario.rossi@pec.example.it' })
      .getByRole('link', { name: 'Gestisci' })
      .click();
    await mario.getByRole('heading', { level: 1, name: 'mario.rossi@pec.example.it' }).waitFor();
    const serviceUrl = mario.url();
    const orderUrl = new URL(
      (await mario
        .getByRole('row')
        .filter({ hasText: 'Attesa pagamento' })
        .getByRole('link', { name: /^ORD-/ })
        .getAttribute('href'))!,
      baseUrl,
    ).toString();
    await mario.context().close();

    const giulia = await logIn(DEMO_GIULIA.email, DEMO_GIULIA.password);
    await giulia.getByRole('heading', { level: 1, name: 'Your services' }).waitFor();
    for (const url of [serviceUrl, orderUrl]) {
      const response = await giulia.goto(url);
      expect(response?.status()).toBe(404);
      expect(await giulia.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      expect(await giulia.content()).not.toContain('mario.rossi');
    }
    await giulia.context().close();
  });

  it('switches Mario to English and keeps it', async () => {
    const page = await logIn(DEMO_MARIO.email, DEMO_MARIO.password);
    await page.getByRole('heading', { level: 1, name: 'I tuoi servizi' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your services' }).waitFor();
    expect(await page.getByRole('link', { name: 'Manage' }).count()).toBe(6);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your services');
    // Back to Italian, so that the account ends as it started.
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'I tuoi servizi' }).waitFor();
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    await page.context().close();
  });

  it('leads home to payment: "Da pagare" with the total and a Paga per order (the same hand-off), expiring services highlighted, the badge opening its order', async () => {
    const page = await logIn(DEMO_MARIO.email, DEMO_MARIO.password);
    const due = page.getByRole('region', { name: 'Da pagare' });
    await due.waitFor();
    const awaiting = await database.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.number', 'orders.total_cents'])
      .where('customers.email', '=', DEMO_MARIO.email)
      .where('orders.state', '=', 'awaiting_payment')
      .execute();
    const total = awaiting.reduce((sum, order) => sum + order.total_cents, 0);
    expect(await due.textContent()).toContain(`Totale da pagare: ${(total / 100).toFixed(2).replace('.', ',')}`);
    expect(await due.getByRole('link', { name: 'Paga', exact: true }).count()).toBe(awaiting.length);

    // Services expiring within 30 days say so in words, not only in colour.
    const pec = page.getByRole('row').filter({ hasText: 'mario.rossi@pec.example.it' });
    expect(await pec.textContent()).toMatch(/Scade tra \d+ giorni/);
    const conservazione = page.getByRole('row').filter({ hasText: 'Conservazione documenti' });
    expect(await conservazione.textContent()).not.toContain('Scade tra');

    // The "Attesa pagamento" badge of the PEC opens its order.
    await pec.getByRole('link', { name: '1 ordine in attesa di pagamento' }).click();
    await page.getByRole('heading', { level: 1, name: /^Ordine ORD-/ }).waitFor();
    const number = (await page.getByRole('heading', { level: 1 }).textContent())?.replace('Ordine ', '') ?? '';
    expect(awaiting.map((o) => o.number)).toContain(number);

    // "Paga" in the box is the hand-off to Pagamenti (not running here: its answer is stood in for).
    const payOrigin = new URL(loadConfig({ NODE_ENV: 'test' }).publicUrls.pay).origin;
    await page.route(`${payOrigin}/**`, (route) => route.fulfill({ status: 200, body: 'Pagamenti' }));
    await page.goto(baseUrl);
    await due
      .getByRole('listitem')
      .filter({ hasText: number })
      .getByRole('link', { name: 'Paga', exact: true })
      .click();
    await page.waitForURL(
      (url) => url.origin === payOrigin && url.pathname === '/handoff' && url.searchParams.has('token'),
    );
    await page.context().close();
  });

  it('"Annulla" asks first and says what happens to the service; "Conferma annullamento" cancels; "Riattiva" reopens the renewal', async () => {
    const page = await logIn(DEMO_MARIO.email, DEMO_MARIO.password);
    await page
      .getByRole('row')
      .filter({ hasText: 'SPID - Mario Rossi' })
      .getByRole('link', { name: 'Gestisci' })
      .click();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    await row.getByRole('link', { name: 'Annulla' }).click();
    await page.getByRole('heading', { level: 1, name: `Annullare l'ordine ${number}?` }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/non sarà rinnovato e scadrà il \d{2}\/\d{2}\/\d{4}/);
    // The way back leaves the order as it was.
    await page.getByRole('link', { name: 'No, torna al servizio' }).click();
    expect(await page.getByRole('row').filter({ hasText: number }).textContent()).toContain('Attesa pagamento');

    await page.getByRole('row').filter({ hasText: number }).getByRole('link', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: 'Conferma annullamento' }).click();
    await page.getByRole('status').filter({ hasText: 'Ordine annullato.' }).waitFor();
    const cancelled = page.getByRole('row').filter({ hasText: number });
    expect(await cancelled.textContent()).toContain('Annullato');
    expect(await cancelled.getByRole('link', { name: 'Paga' }).count()).toBe(0);

    await cancelled.getByRole('button', { name: 'Riattiva' }).click();
    await page.getByRole('status').filter({ hasText: 'Ordine riattivato' }).waitFor();
    const reopened = page.getByRole('row').filter({ hasText: number });
    expect(await reopened.textContent()).toContain('Attesa pagamento');
    expect(await reopened.getByRole('link', { name: 'Paga', exact: true }).count()).toBe(1);
    await page.context().close();
  });

  it('in English too: "To pay" on the home page, Cancel → "Confirm cancellation", Reactivate', async () => {
    const page = await logIn(DEMO_GIULIA.email, DEMO_GIULIA.password);
    const due = page.getByRole('region', { name: 'To pay' });
    expect(await due.textContent()).toMatch(/Total due: €\d+\.\d{2}/);
    const pec = page.getByRole('row').filter({ hasText: 'giulia.bianchi@pec.example.it' });
    expect(await pec.textContent()).toMatch(/Expires in \d+ days/);
    await pec.getByRole('link', { name: '1 order awaiting payment' }).click();
    await page.getByRole('heading', { level: 1, name: /^Order ORD-/ }).waitFor();
    await page.getByRole('link', { name: 'Cancel', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await page.getByRole('status').filter({ hasText: 'Order cancelled.' }).waitFor();
    await page.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByRole('status').filter({ hasText: 'Order reactivated' }).waitFor();
    expect(await page.getByRole('link', { name: 'Pay', exact: true }).count()).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it("shows the login page in the browser's language until a language is chosen", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).toBe('it');
    await context.close();
  });

  it('answers a wrong password with one generic message', async () => {
    const page = await logIn(DEMO_MARIO.email, 'wrong');
    expect(await page.getByRole('alert').textContent()).toBe('Email o password non corretti.');
    await page.context().close();
  });
});
