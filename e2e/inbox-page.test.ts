import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { openTestDatabase } from '../src/db/test-databases.ts';
import { type RunningInbox, startInbox } from '../src/inbox/inbox.ts';
import { deliverDueEmails } from '../src/merchant/email/email-delivery.ts';
import { EMAIL_SAMPLES } from '../src/merchant/email/email-samples.ts';
import { createMailTransport } from '../src/merchant/email/mail-transport.ts';
import { enqueueEmail } from '../src/merchant/email/outbox-repository.ts';
import { emailSettingsFrom } from '../src/merchant/email/render-email.ts';
import { systemClock } from '../src/shared/clock.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';

describe.skipIf(skipBrowserTests)('the built-in mail inbox in Chromium', () => {
  let dataDir: string;
  let inbox: RunningInbox;
  let database: Database<MerchantDatabase>;
  let browser: Browser;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-inbox-e2e-'));
    inbox = await startInbox({ dataDir, host: '127.0.0.1', smtpPort: 0, webPort: 0, logger });
    database = await openTestDatabase<MerchantDatabase>('pglite', merchantMigrations);
    const config = loadConfig({ INBOX_SMTP_PORT: String(inbox.smtpPort) });
    const sample = EMAIL_SAMPLES.payment_confirmation[0]!;
    const activated = EMAIL_SAMPLES.auto_renew_activated[0]!;
    const base = { customerId: null, to: 'mario.rossi@example.com', locale: 'it' as const };
    await enqueueEmail(database.db, {
      ...base,
      dedupeKey: 'a',
      template: sample.template,
      data: sample.data,
      at: new Date(),
    });
    const transport = createMailTransport(config.mail);
    const deps = {
      db: database.db,
      transport,
      clock: systemClock,
      logger,
      settings: emailSettingsFrom(config),
      from: config.mail.from,
    };
    // Through the real outbox: rendered, sent over SMTP, received and parsed by the inbox; the second one later.
    expect(await deliverDueEmails(deps)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await enqueueEmail(database.db, {
      ...base,
      dedupeKey: 'b',
      template: activated.template,
      data: activated.data,
      at: new Date(),
    });
    expect(await deliverDueEmails(deps)).toBe(1);
    transport.close();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await inbox?.stop();
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the received emails newest first and opens one: HTML in a sandboxed frame, text, headers, raw source', async () => {
    const page = await browser.newPage();
    await page.goto(inbox.webUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Messages (2)');
    const subjects = await page.getByRole('row').getByRole('link').allTextContents();
    expect(subjects).toEqual([
      'Rinnovo automatico attivo — PEC mario.rossi@pec.example.it',
      'Pagamento ricevuto — ordine ORD-2026-000123',
    ]);

    await page.getByRole('link', { name: 'Pagamento ricevuto — ordine ORD-2026-000123' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Pagamento ricevuto — ordine ORD-2026-000123');
    const frame = page.frameLocator('iframe[title="HTML view"]');
    await expect.poll(() => frame.getByRole('heading', { level: 1 }).textContent()).toBe('Pagamento ricevuto');
    expect(await frame.getByRole('link', { name: "Vedi l'ordine" }).getAttribute('href')).toBe(
      'http://localhost:3000/orders/ORD-2026-000123',
    );
    expect(await page.locator('iframe[title="HTML view"]').getAttribute('sandbox')).toBe('');
    const text = page.getByRole('region', { name: 'Text' });
    expect(await text.textContent()).toContain('Totale IVA inclusa: 61,00');
    const headers = page.getByRole('region', { name: 'Headers' });
    expect(await headers.getByRole('row').filter({ hasText: 'Content-Language' }).textContent()).toContain('it');
    expect(await page.getByRole('region', { name: 'Raw source' }).textContent()).toMatch(
      /Message-ID: <[0-9a-f-]+@cassa\.local>/,
    );
    await page.close();
  });

  it('empties the inbox from the page without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(inbox.webUrl);
    await page.getByRole('button', { name: 'Delete all messages' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Messages (0)');
    expect(await (await fetch(`${inbox.webUrl}/api/messages`)).json()).toEqual([]);
    await context.close();
  });
});
