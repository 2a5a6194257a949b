import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { SandboxBankAdapter } from '../src/merchant/gateway/sandbox-bank-adapter.ts';
import { createOperator } from '../src/merchant/operators/create-operator.ts';
import { totpCodeAt } from '../src/merchant/operators/totp.ts';
import { systemClock } from '../src/shared/clock.ts';
import { logInNewContext } from './support/area.ts';
import { axeViolations } from './support/axe.ts';
import { payAtBankBySms } from './support/bank-page.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { messagesTo } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const ADMIN = { email: 'anna.admin@operators.example.com', password: 'back-office-e2e-admin' };
const VIEWER = { email: 'vera.viewer@operators.example.com', password: 'back-office-e2e-viewer' };
const SPID = 'SPID - Mario Rossi (RSSMRA80A01H501U)';
const REASON = 'Rimborso parziale concordato al telefono';

/**
 * Issue 12's acceptance in Chromium, production-like (two-factor required): Mario pays his SPID renewal by Flow B;
 * an admin signs in with a TOTP code, finds the order by its number in "Cerca", reads its timeline, refunds 10,00 €
 * with a reason; the bank shows the refund, Mario gets the email, the audit log and the timeline have it. A viewer
 * has no "Rimborsa" and its forged POST is refused. Every back-office page passes axe on a desktop and a phone.
 */
describe.skipIf(skipBrowserTests)('the back office finds, explains and refunds a payment', () => {
  let system: TestSystem;
  let browser: Browser;
  let orderNumber = '';
  /** The admin's signed-in browser state: a TOTP code is spent once, so the other tests reuse the session. */
  let adminState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

  beforeAll(async () => {
    system = await startTestSystem({ env: { BACKOFFICE_REQUIRE_TOTP: '1' } });
    browser = await launchBrowser();
    for (const [who, role] of [
      [ADMIN, 'admin'],
      [VIEWER, 'viewer'],
    ] as const) {
      const created = await createOperator(
        system.merchantDb,
        { email: who.email, name: role === 'admin' ? 'Anna' : 'Vera', role, password: who.password },
        { clock: systemClock },
      );
      expect(created.kind).toBe('created');
    }
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Email, Password, "Accedi", then the enrolment (the key shown as text) and its first code: the dashboard. */
  async function signIn(who: { email: string; password: string }, viewport = { width: 1280, height: 900 }) {
    const page = await (await browser.newContext({ viewport, bypassCSP: true, locale: 'it-IT' })).newPage();
    await page.goto(`${system.urls.backoffice}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Attiva la verifica in due passaggi' }).waitFor();
    expect(await axeViolations(page), 'enrolment').toEqual([]);
    const secret = ((await page.locator('code.bo-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Codice', { exact: true }).fill(totpCodeAt(secret, new Date()));
    await page.getByRole('button', { name: 'Attiva e accedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    return page;
  }

  it('Flow B, then: TOTP sign-in, "Cerca" the order, its timeline, "Rimborsa" 10,00 € — bank, email, audit log, timeline', async () => {
    // Mario pays his SPID renewal with a new card, 3-D Secure by SMS.
    const mario = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);
    await mario.getByRole('row').filter({ hasText: SPID }).getByRole('link', { name: 'Gestisci' }).click();
    const row = mario.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    orderNumber = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    expect(orderNumber).not.toBe('');
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await mario.getByRole('button', { name: 'Paga Subito' }).click();
    await mario.getByLabel("Numero d'ordine").fill(orderNumber);
    await mario.getByRole('button', { name: 'Procedi' }).click();
    await mario.getByLabel('Nuova carta di pagamento').check();
    await mario.getByRole('button', { name: 'Procedi' }).click();
    await payAtBankBySms(mario, system.urls.bank, { holder: 'Mario Rossi', number: '4242 4242 4242 4242' });
    await mario.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    await mario.context().close();
    // Authorized at the bank, captured by the background work: the order page shows both.
    const capturedAttempt = () =>
      system.merchantDb
        .selectFrom('payment_attempts as a')
        .innerJoin('orders as o', 'o.id', 'a.order_id')
        .select(['a.public_id', 'a.bank_session_id', 'a.status'])
        .where('o.number', '=', orderNumber)
        .where('a.status', '=', 'captured')
        .executeTakeFirst();
    await expect.poll(async () => (await capturedAttempt())?.status, { timeout: 30_000 }).toBe('captured');
    const attempt = (await capturedAttempt())!;
    // The bank's notification arrives on its own; the timeline shows it once it has.
    await expect
      .poll(
        async () =>
          (
            await system.merchantDb
              .selectFrom('gateway_events')
              .select('processed_at')
              .where('bank_session_id', '=', attempt.bank_session_id ?? '')
              .execute()
          ).filter((e) => e.processed_at !== null).length,
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);

    const page = await signIn(ADMIN);
    adminState = await page.context().storageState();
    await page.getByLabel('Cerca').fill(orderNumber);
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.waitForURL(`**/ordini/${orderNumber}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Ordine ${orderNumber}`) }).waitFor();
    const timeline = page.getByRole('region', { name: 'Cronologia' });
    const text = (await timeline.textContent()) ?? '';
    for (const step of [
      'Ordine creato',
      `Pagamento ordine ${attempt.public_id} avviato`,
      `3-D Secure di ${attempt.public_id}: titolare verificato`,
      'codice SMS',
      'Notifica della banca',
      'Ordine: Attesa pagamento → Pagato',
      'Email in coda: payment_confirmation',
      `${attempt.public_id}: Autorizzato → Incassato`,
    ]) {
      expect(text, step).toContain(step);
    }
    expect(text.indexOf('Ordine creato')).toBeLessThan(text.indexOf('Ordine: Attesa pagamento → Pagato'));

    await page.getByRole('link', { name: 'Rimborsa' }).click();
    await page.getByRole('heading', { level: 1, name: `Rimborsa l’ordine ${orderNumber}` }).waitFor();
    await page.getByLabel('Importo').fill('10,00');
    await page.getByLabel('Motivo').fill(REASON);
    await page.getByRole('button', { name: 'Conferma rimborso' }).click();
    await page.getByText('Rimborso eseguito dalla banca').waitFor();

    const bank = new SandboxBankAdapter({
      baseUrl: system.urls.bank,
      merchantId: 'cassa',
      secrets: [fs.readFileSync(path.join(system.dataDir, 'secrets', 'bank-merchant-secret'), 'utf8').trim()],
      clock: systemClock,
    });
    expect((await bank.getPaymentSession(attempt.bank_session_id ?? ''))?.amountRefundedCents).toBe(1000);
    await expect
      .poll(async () => (await messagesTo(system.urls.inbox, DEMO_MARIO.email)).map((m) => m.subject), {
        timeout: 30_000,
      })
      .toContain(`Rimborso di 10,00\u00a0€ — ordine ${orderNumber}`);
    const after = (await page.getByRole('region', { name: 'Cronologia' }).textContent()) ?? '';
    expect(after).toContain('Rimborso di 10,00\u00a0€ richiesto');
    expect(after).toContain(`Operatore ${ADMIN.email}: refund`);
    expect(after).toContain(REASON);

    await page.getByRole('link', { name: 'Registro attività' }).click();
    const entry = page.getByRole('row').filter({ hasText: REASON });
    expect(await entry.count()).toBe(1);
    expect(await entry.textContent()).toContain(ADMIN.email);
    await page.context().close();
  });

  it('a viewer has no "Rimborsa", its forged POST is refused (403), and the audit log has no route to change it', async () => {
    expect(orderNumber).not.toBe('');
    const page = await signIn(VIEWER);
    await page.goto(`${system.urls.backoffice}/ordini/${orderNumber}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Ordine ${orderNumber}`) }).waitFor();
    expect(await page.getByRole('link', { name: 'Rimborsa' }).count()).toBe(0);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`${system.urls.backoffice}/ordini/${orderNumber}/rimborso`, {
      form: { _csrf: csrf, chiave: crypto.randomUUID(), importo: '10,00', motivo: 'forged' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const response = await page.request.fetch(`${system.urls.backoffice}/registro`, {
        method,
        form: { _csrf: csrf },
        maxRedirects: 0,
      });
      expect(response.status(), method).toBeGreaterThanOrEqual(400);
      expect(response.status(), method).toBeLessThan(500);
    }
    const refunds = await system.merchantDb
      .selectFrom('refunds as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select('r.id')
      .where('o.number', '=', orderNumber)
      .execute();
    expect(refunds).toHaveLength(1);
    await page.context().close();
  });

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 800 }],
  ] as const)('every back-office page passes axe on a %s', async (_kind, viewport) => {
    expect(orderNumber).not.toBe('');
    const login = await (await browser.newContext({ viewport, bypassCSP: true })).newPage();
    await login.goto(`${system.urls.backoffice}/login`);
    expect(await axeViolations(login), 'login').toEqual([]);

    // An enrolled operator's second step: "Codice", "Verifica".
    await login.getByLabel('Email').fill(ADMIN.email);
    await login.getByLabel('Password').fill(ADMIN.password);
    await login.getByRole('button', { name: 'Accedi' }).click();
    await login.getByRole('heading', { level: 1, name: 'Codice di verifica' }).waitFor();
    expect(await axeViolations(login), 'code').toEqual([]);
    await login.context().close();

    expect(adminState).toBeDefined();
    const admin = await (await browser.newContext({ viewport, bypassCSP: true, storageState: adminState })).newPage();
    const db = system.merchantDb;
    const customerId = (
      await db.selectFrom('customers').select('id').where('email', '=', DEMO_MARIO.email).executeTakeFirstOrThrow()
    ).id;
    const email = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('customer_id', '=', customerId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const service = await db
      .selectFrom('subscriptions')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('auto_renew', '=', true)
      .executeTakeFirstOrThrow();
    const awaiting = await db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', customerId)
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    const viewer = await db
      .selectFrom('operators')
      .select('id')
      .where('email', '=', VIEWER.email)
      .executeTakeFirstOrThrow();
    const paths = [
      '/',
      '/?days=90',
      `/ordini/${orderNumber}`,
      `/ordini/${orderNumber}/rimborso`,
      `/ordini/${awaiting.number}`,
      `/ordini/${awaiting.number}/annulla`,
      `/ordini/${awaiting.number}/link-pagamento`,
      '/ordini',
      '/ordini?state=paid',
      '/pagamenti',
      '/rimborsi',
      '/rinnovi',
      '/fatture',
      '/fatture?kind=credit_note',
      '/email-fallite',
      '/registro',
      '/operatori',
      `/operatori/${viewer.id}/ruolo`,
      `/operatori/${viewer.id}/disattiva`,
      `/cerca?q=${encodeURIComponent('Mario')}`,
      '/cerca?q=x',
      `/clienti/${customerId}`,
      `/clienti/${customerId}/esci-ovunque`,
      `/email/${email.id}`,
      `/email/${email.id}/reinvia`,
      `/servizi/${service.id}/rinnovo-automatico`,
      '/ordini/ORD-1999-000001',
    ];
    const failures: Record<string, string[]> = {};
    const statuses: Record<string, number> = {};
    for (const path of paths) {
      const response = await admin.goto(`${system.urls.backoffice}${path}`);
      statuses[path] = response?.status() ?? 0;
      const violations = await axeViolations(admin);
      if (violations.length > 0) failures[path] = violations;
    }
    expect(failures).toEqual({});
    // Each page is the page itself, not an error page standing in for it (the last two are the refusals on purpose).
    expect(Object.entries(statuses).filter(([, status]) => status !== 200)).toEqual([
      ['/cerca?q=x', 400],
      ['/ordini/ORD-1999-000001', 404],
    ]);
    await admin.context().close();
  });
});
