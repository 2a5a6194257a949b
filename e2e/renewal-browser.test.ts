import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { bankCustomerReference } from '../src/merchant/cards/card-display.ts';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { SandboxBankAdapter } from '../src/merchant/gateway/sandbox-bank-adapter.ts';
import { renewalSettings } from '../src/merchant/renewals/renewal-deps.ts';
import { runRenewalPass } from '../src/merchant/renewals/renewal-pass.ts';
import { addDays, ManualClock, systemClock } from '../src/shared/clock.ts';
import { ensureSecretFile } from '../src/shared/secret-file.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** Automatic renewal end to end in Chromium: the service page's controls, and a failed renewal paid from its email. */
describe.skipIf(skipBrowserTests)('automatic renewal in the browser', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const subjects = async () => (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).map((m) => m.subject);
  const inboxMessage = async (subject: string) =>
    (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).find((m) => m.subject === subject);
  const countOf = async (subject: string) => (await subjects()).filter((s) => s === subject).length;

  async function logIn(page: Page): Promise<void> {
    await page.getByLabel('Email').fill(DEMO_MARIO.email);
    await page.getByLabel('Password').fill(DEMO_MARIO.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
  }

  async function openService(page: Page, label: string): Promise<void> {
    await page.goto(system.urls.area);
    await page.getByRole('row').filter({ hasText: label }).getByRole('link', { name: 'Gestisci' }).click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
  }

  it('Mario switches PEC renewal on with a card, off after confirming, on again (an email each); Firma Digitale offers nothing and refuses a forged POST', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await logIn(page);
    const pec = 'mario.rossi@pec.example.it';
    const on = 'Rinnovo automatico attivo — PEC mario.rossi@pec.example.it';
    const off = 'Rinnovo automatico disattivato — PEC mario.rossi@pec.example.it';

    await openService(page, pec);
    const mastercard = await page.locator('option', { hasText: 'Mastercard •••• 4444' }).getAttribute('value');
    await page.getByLabel('Carta di pagamento').selectOption(mastercard ?? '');
    await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico attivato' }).waitFor();
    expect(await page.getByText('Prossimo rinnovo').count()).toBe(1);
    await expect.poll(() => countOf(on), { timeout: 15_000 }).toBe(1);

    await page.getByRole('link', { name: 'Disattiva rinnovo automatico' }).click();
    await page.getByRole('heading', { level: 1, name: 'Disattivare il rinnovo automatico?' }).waitFor();
    await page.getByRole('button', { name: 'Sì, disattiva' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico disattivato' }).waitFor();
    await expect.poll(() => countOf(off), { timeout: 15_000 }).toBe(1);

    await page.getByLabel('Carta di pagamento').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).click();
    await page.getByRole('status').filter({ hasText: 'Rinnovo automatico attivato' }).waitFor();
    await expect.poll(() => countOf(on), { timeout: 15_000 }).toBe(2);

    await openService(page, 'Firma Digitale Remota - Mario Rossi');
    await page.getByText('il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale').waitFor();
    expect(await page.getByRole('button', { name: 'Attiva rinnovo automatico' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Disattiva rinnovo automatico' }).count()).toBe(0);
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
    const card = await system.merchantDb.selectFrom('saved_cards').select('id').executeTakeFirstOrThrow();
    const forged = await page.request.post(`${page.url()}/auto-renew/on`, {
      form: { _csrf: csrf ?? '', card: String(card.id) },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(400);
    const firma = await system.merchantDb
      .selectFrom('subscriptions')
      .select('auto_renew')
      .where('product_code', '=', 'firma_digitale')
      .executeTakeFirstOrThrow();
    expect(firma.auto_renew).toBe(false);
    await page.context().close();
  });

  it('a renewal hard-declined on 0341 leaves the order awaiting payment with the banner and an email whose Paga pays it with another card; no retry', async () => {
    const db = system.merchantDb;
    const mario = await db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
    const gateway = new SandboxBankAdapter({
      baseUrl: system.urls.bank,
      merchantId: 'cassa',
      secrets: [ensureSecretFile(path.join(system.dataDir, 'secrets', 'bank-merchant-secret'))],
      clock: systemClock,
    });
    const saved = await gateway.saveSandboxCard({
      customerReference: bankCustomerReference(mario.id),
      number: '4000000000000341',
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
      holder: 'Mario Rossi',
      idempotencyKey: 'e2e-renewal-0341',
    });
    const card = await db
      .insertInto('saved_cards')
      .values({
        customer_id: mario.id,
        bank_token: saved.token,
        brand: saved.brand,
        last4: saved.last4,
        exp_month: saved.expMonth,
        exp_year: saved.expYear,
        holder: saved.holder,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const service = await db
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: card.id })
      .where('customer_id', '=', mario.id)
      .where('product_code', '=', 'fatturazione_pa')
      .returningAll()
      .executeTakeFirstOrThrow();
    const clock = new ManualClock(`${addDays(service.expires_on as string, -7)}T09:00:00Z`);
    const deps = { db, gateway, clock, settings: renewalSettings(loadConfig({})), logger: console };
    const summary = await runRenewalPass(deps);
    expect(summary.declined).toEqual({ do_not_honor: 1 });
    expect(summary.retriesScheduled).toBe(0);

    const subject = /^Rinnovo non riuscito — .*Fatturazione PA.*: ordine (ORD-\d{4}-\d{6}) da pagare$/;
    await expect
      .poll(async () => (await subjects()).filter((s) => subject.test(s)).length, { timeout: 15_000 })
      .toBe(1);
    const email = await inboxMessage((await subjects()).find((s) => subject.test(s)) as string);
    const orderNumber = email?.subject.match(subject)?.[1] as string;
    const payLink = email?.html.match(/href="([^"]*\/paga\/ORD-[^"]+)"/)?.[1] as string;
    expect(payLink).toBe(`${system.urls.area}/paga/${orderNumber}`);

    const page = await (await browser.newContext()).newPage();
    await page.goto(payLink);
    await logIn(page);
    await page.getByRole('heading', { level: 1, name: 'Modalità di pagamento' }).waitFor();
    // Before paying, Area Clienti shows the banner with the order.
    const area = await page.context().newPage();
    await area.goto(system.urls.area);
    const banner = area.getByRole('alert').filter({ hasText: 'Aggiorna i tuoi dati' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(orderNumber);

    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(orderNumber);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel(/Mastercard •••• 4444/).check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();

    const order = await db
      .selectFrom('orders')
      .select('state')
      .where('number', '=', orderNumber)
      .executeTakeFirstOrThrow();
    expect(order.state).toBe('paid');
    const after = await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', service.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ auto_renew: true, auto_renew_card_id: card.id });
    await area.reload();
    expect(await area.getByText('Aggiorna i tuoi dati').count()).toBe(0);

    for (const days of [1, 3, 5]) {
      clock.set(`${addDays(service.expires_on as string, -7 + days)}T09:00:00Z`);
      await runRenewalPass(deps);
    }
    const tries = await db
      .selectFrom('payment_attempts')
      .select('id')
      .where('purpose', '=', 'renewal_charge')
      .where('saved_card_id', '=', card.id)
      .execute();
    expect(tries).toHaveLength(1);
    await page.context().close();
  });
});
