import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRemoteCommand } from '../src/admin/admin-client.ts';
import { readAdminToken } from '../src/admin/admin-token.ts';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { REDACT_PATHS } from '../src/shared/logger.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const CVV = '735';
const TYPED_NUMBERS = ['5555555555554444'];

/**
 * What must hold when things go wrong: a browser closed right after the bank's approval, a replayed or forged hand-off,
 * the reconciliation on demand; and, at the end, no card number or CVV anywhere in the merchant's database or logs.
 * The whole product runs in-process with every log line (level trace) kept for the final scan.
 */
describe.skipIf(skipBrowserTests)('Pagamenti when things go wrong', () => {
  let system: TestSystem;
  let dataDir: string;
  let browser: Browser;
  const logs: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    system = await startTestSystem({ logger, env: { LOG_LEVEL: 'trace' } });
    dataDir = system.dataDir;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function logIn(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${system.urls.area}/login`);
    await page.getByLabel('Email').fill(DEMO_MARIO.email);
    await page.getByLabel('Password').fill(DEMO_MARIO.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  async function payaFrom(page: Page, serviceLabel: string): Promise<{ number: string; handoffUrl: string }> {
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: 'Gestisci' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    let handoffUrl = '';
    page.on('request', (request) => {
      if (request.url().includes('/handoff?token=')) handoffUrl = request.url();
    });
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Modalità di pagamento' }).waitFor();
    return { number, handoffUrl };
  }

  it('a replayed or forged hand-off gets a page that says so, with a link back to Area Clienti', async () => {
    const page = await logIn();
    const { handoffUrl } = await payaFrom(page, 'mario.rossi@pec.example.it');
    expect(handoffUrl).toContain(`${system.urls.pay}/handoff?token=`);
    const other = await (await browser.newContext()).newPage();
    const replay = await other.goto(handoffUrl);
    expect(replay?.status()).toBe(410);
    expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe('Collegamento non più valido');
    expect(await other.locator('main').textContent()).toContain('è già stato usato');
    expect(await other.getByRole('link', { name: "Torna all'Area Clienti" }).getAttribute('href')).toBe(
      system.urls.area,
    );
    const forged = await other.goto(handoffUrl.replace(/token=[^.]+/, 'token=eyJuIjoieCJ9'));
    expect(forged?.status()).toBe(400);
    // Without a hand-off, Pagamenti knows no one.
    const anonymous = await other.goto(`${system.urls.pay}/orders`);
    expect(anonymous?.status()).toBe(401);
    await other.context().close();
    await page.context().close();
  });

  it('with the browser closed right after the bank approves, the notification alone completes the order', async () => {
    const page = await logIn();
    const { number } = await payaFrom(page, 'mario.rossi@pec.example.it');
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill('5555 5555 5555 4444');
    await page.getByLabel('Scadenza').fill('11/33');
    await page.getByLabel('CVV').fill(CVV);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('button', { name: 'Invio dati' }).click();
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor();
    await page.context().close();

    const order = () =>
      system.merchantDb
        .selectFrom('orders')
        .select(['id', 'state'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    for (let i = 0; i < 100 && (await order()).state !== 'paid'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await order()).state).toBe('paid');
    const event = await system.merchantDb.selectFrom('gateway_events').select('processed_at').executeTakeFirstOrThrow();
    expect(event.processed_at).not.toBeNull();
    const outbox = await system.merchantDb
      .selectFrom('email_outbox')
      .select('template')
      .where('dedupe_key', 'like', `%:order:${(await order()).id}`)
      .execute();
    expect(outbox.map((r) => r.template).sort()).toEqual(['auto_renew_activated', 'payment_confirmation']);
  });

  it('runs the reconciliation on demand through the CLI hand-off (npm run cassa -- reconcile)', async () => {
    const token = readAdminToken(dataDir);
    expect(token).toBeTruthy();
    const adminPort = Number(new URL(system.urls.admin!).port);
    const result = await runRemoteCommand(adminPort, token!, 'reconcile', ['--older-than-minutes', '0'], () => {});
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^examined \d+ open payment\(s\):.* 0 error\(s\)$/);
    const refused = await runRemoteCommand(adminPort, token!, 'reconcile', ['--older-than-minutes', 'soon'], () => {});
    expect(refused).toEqual({ ok: false, summary: '--older-than-minutes needs a whole number' });
  });

  it('leaves no full card number and no CVV in the merchant database or its logs', async () => {
    // The merchant's schema: the embedded database also holds the bank's (`bank`) and the sandbox SdI's (`sdi`).
    const tables = (await system.merchantDb.introspection.getTables()).filter((table) => table.schema === 'public');
    const dump: string[] = [];
    for (const table of tables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(
        system.merchantDb,
      );
      for (const row of rows) dump.push(`${table.name} ${JSON.stringify(row)}`);
    }
    expect(dump.some((line) => line.startsWith('saved_cards '))).toBe(true);
    const merchantLogs = logs.filter((line) => !line.includes('"app":"bank"'));
    expect(merchantLogs.length).toBeGreaterThan(50);
    // The demo card's number is sent to the bank by the merchant's start-up; the typed one only ever to the bank.
    for (const number of TYPED_NUMBERS) {
      const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
      for (const text of [...dump, ...merchantLogs]) {
        expect(text.includes(number) || text.includes(spaced), text.slice(0, 200)).toBe(false);
      }
    }
    const alone = new RegExp(`(^|[^0-9A-Za-z.:])${CVV}($|[^0-9A-Za-z.:])`);
    for (const text of [...dump, ...merchantLogs]) expect(alone.test(text), text.slice(0, 300)).toBe(false);
  });
});
