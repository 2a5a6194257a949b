import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandEvent, runCommand } from '../../admin/commands.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase } from '../../db/test-databases.ts';
import { systemClock } from '../../shared/clock.ts';
import { allEmailSamples } from './email-samples.ts';

describe('npm run cassa -- mail', () => {
  let database: Database<MerchantDatabase>;
  let dataDir: string;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>('pglite', merchantMigrations);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-mail-'));
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const run = (args: string[], events: CommandEvent[] = []) =>
    runCommand(
      'mail',
      { config: loadConfig({ DATA_DIR: dataDir }), merchantDb: database.db, clock: systemClock },
      args,
      (e) => events.push(e),
    );

  it('preview writes every template in both languages to DATA_DIR/mail-preview', async () => {
    expect(await run(['preview'])).toMatch(/^wrote \d+ files to .*mail-preview/);
    const files = fs.readdirSync(path.join(dataDir, 'mail-preview'));
    for (const sample of allEmailSamples()) {
      for (const locale of ['it', 'en']) {
        expect(files).toContain(`${sample.name}.${locale}.html`);
        expect(files).toContain(`${sample.name}.${locale}.txt`);
      }
    }
    const text = fs.readFileSync(path.join(dataDir, 'mail-preview', 'payment_confirmation.en.txt'), 'utf8');
    expect(text).toMatch(/^Subject: Payment received — order ORD-2026-000123\n/);
  });

  it('failed lists permanently failed emails with their reason, and retry queues one again', async () => {
    const [row] = await database.db
      .insertInto('email_outbox')
      .values({
        dedupe_key: 'x',
        message_id: '<x@cassa.local>',
        customer_id: null,
        to_address: 'nobody@example.com',
        locale: 'it',
        template: 'service_expiring',
        data: '{}',
        status: 'failed',
        attempts: 1,
        last_error: '550: 5.1.1 no such mailbox',
        created_at: new Date(),
      })
      .returning('id')
      .execute();
    const events: CommandEvent[] = [];
    expect(await run(['failed'], events)).toBe('1 failed email(s); resend one with: mail retry <id>');
    expect(events).toEqual([
      {
        type: 'line',
        text: expect.stringMatching(/service_expiring to nobody@example.com .*550: 5\.1\.1 no such mailbox/),
      },
    ]);
    expect(await run(['retry', String(row!.id)])).toMatch(/queued again/);
    await expect(run(['retry', String(row!.id)])).rejects.toThrow(/not a failed email/);
    expect(await run(['failed'])).toBe('no failed emails');
    await expect(run(['bogus'])).rejects.toThrow(/usage: mail preview/);
  });
});
