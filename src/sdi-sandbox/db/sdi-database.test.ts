import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { createScratchPostgresDatabase } from '../../db/test-databases.ts';
import { buildFatturaPaXml, fatturaPaFileName } from '../../merchant/invoices/fatturapa-xml.ts';
import { personInvoice } from '../../merchant/invoices/testing/fiscal-document-fixtures.ts';
import { ManualClock } from '../../shared/clock.ts';
import { openSandboxSdi } from '../open-sandbox-sdi.ts';
import { sdiDatabaseTarget } from './sdi-database.ts';

// These tests open and migrate PGlite from scratch: seconds on a quiet machine, past 30 s on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe('sandbox SdI database', () => {
  it('is an sdi schema on DATABASE_URL, else of the embedded database', () => {
    expect(sdiDatabaseTarget({ dataDir: '/d', databaseUrl: 'postgres://a/x' })).toEqual({
      kind: 'postgres',
      url: 'postgres://a/x',
      schema: 'sdi',
    });
    expect(sdiDatabaseTarget({ dataDir: '/d', databaseUrl: undefined })).toEqual({
      kind: 'pglite',
      dataDir: '/d/merchant-db',
      schema: 'sdi',
    });
  });

  it('shares the merchant’s embedded instance in a schema of its own, and keeps its files across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdi-db-'));
    const clock = new ManualClock('2026-12-03T10:00:00Z');
    const target = sdiDatabaseTarget({ dataDir, databaseUrl: undefined });
    const file = { fileName: fatturaPaFileName(personInvoice()), xml: buildFatturaPaXml(personInvoice()) };
    try {
      const [merchant, first] = await Promise.all([
        openDatabase<MerchantDatabase>({ kind: 'pglite', dataDir: path.join(dataDir, 'merchant-db') }),
        openSandboxSdi({ target, clock, delaySeconds: 5 }),
      ]);
      await migrateToLatest(merchant.db as never, merchantMigrations);
      const transmission = await first.channel.transmit(file);
      if (!transmission.ok) throw new Error(transmission.reason);
      const tables = await sql<{ schema: string; name: string }>`
        select table_schema as schema, table_name as name from information_schema.tables
        where table_name in ('received_files', 'notifications') order by table_name`.execute(merchant.db);
      expect(tables.rows).toEqual([
        { schema: 'sdi', name: 'notifications' },
        { schema: 'sdi', name: 'received_files' },
      ]);
      await first.close();
      await merchant.close();

      const again = await openSandboxSdi({ target, clock, delaySeconds: 5 });
      try {
        clock.advance(5_000);
        expect((await again.channel.notifications(transmission.sdiId)).map((n) => n.kind)).toEqual(['RC']);
        expect(await again.channel.transmit(file)).toMatchObject({ ok: false, code: '00002' });
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'on PostgreSQL, keeps its files in an sdi schema of DATABASE_URL across a restart',
    async () => {
      const scratch = await createScratchPostgresDatabase(process.env.TEST_DATABASE_URL as string, 'cassa_sdi');
      const clock = new ManualClock('2026-12-03T10:00:00Z');
      const target = sdiDatabaseTarget({ dataDir: '/unused', databaseUrl: scratch.url });
      const file = { fileName: fatturaPaFileName(personInvoice()), xml: buildFatturaPaXml(personInvoice()) };
      try {
        const first = await openSandboxSdi({ target, clock, delaySeconds: 5 });
        const transmission = await first.channel.transmit(file);
        await first.close();
        if (!transmission.ok) throw new Error(transmission.reason);
        const again = await openSandboxSdi({ target, clock, delaySeconds: 5 });
        try {
          clock.advance(5_000);
          expect((await again.channel.notifications(transmission.sdiId)).map((n) => n.kind)).toEqual(['RC']);
          const schemas = await sql<{ schema: string }>`
            select table_schema as schema from information_schema.tables where table_name = 'received_files'`.execute(
            again.db,
          );
          expect(schemas.rows).toEqual([{ schema: 'sdi' }]);
        } finally {
          await again.close();
        }
      } finally {
        await scratch.drop();
      }
    },
  );
});
