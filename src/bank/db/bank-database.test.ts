import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { bankDatabaseTarget, legacyBankDatabaseDir, openBankDatabase } from './bank-database.ts';

// Two tests open a PGlite directory from scratch and migrate it: 10 s on a quiet machine, 30 s and more on a loaded one.
vi.setConfig({ testTimeout: 120_000 });

describe('bank database', () => {
  it('prefers BANK_DATABASE_URL, then a bank schema on DATABASE_URL, then a bank schema of the embedded database', () => {
    expect(
      bankDatabaseTarget({ dataDir: '/d', databaseUrl: 'postgres://a/x', bankDatabaseUrl: 'postgres://b/y' }),
    ).toEqual({
      kind: 'postgres',
      url: 'postgres://b/y',
      schema: 'bank',
    });
    expect(
      bankDatabaseTarget({ dataDir: '/d', databaseUrl: 'postgres://a/x', bankDatabaseUrl: undefined }),
    ).toMatchObject({ url: 'postgres://a/x', schema: 'bank' });
    expect(bankDatabaseTarget({ dataDir: '/d', databaseUrl: undefined, bankDatabaseUrl: undefined })).toEqual({
      kind: 'pglite',
      dataDir: '/d/merchant-db',
      schema: 'bank',
    });
  });

  it('keeps the PGlite directory of its own that a data directory from before holds', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-db-'));
    try {
      fs.mkdirSync(legacyBankDatabaseDir(dataDir), { recursive: true });
      fs.writeFileSync(path.join(legacyBankDatabaseDir(dataDir), 'PG_VERSION'), '17\n');
      expect(bankDatabaseTarget({ dataDir, databaseUrl: undefined, bankDatabaseUrl: undefined })).toEqual({
        kind: 'pglite',
        dataDir: path.join(dataDir, 'bank', 'db'),
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('shares one embedded instance with the merchant, each in its schema, however their queries interleave', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-db-'));
    const merchantTarget = { kind: 'pglite' as const, dataDir: path.join(dataDir, 'merchant-db') };
    try {
      const bankTarget = bankDatabaseTarget({ dataDir, databaseUrl: undefined, bankDatabaseUrl: undefined });
      // Opened at once, as the system starts them: one instance (a session's temporary table is seen by both).
      const [merchant, bank] = await Promise.all([
        openDatabase<MerchantDatabase>(merchantTarget),
        openBankDatabase(bankTarget),
      ]);
      await migrateToLatest(merchant.db as never, merchantMigrations);
      await sql`create temporary table one_session (n int)`.execute(merchant.db);
      await sql`insert into pg_temp.one_session values (1)`.execute(bank.db);
      expect((await sql<{ n: number }>`select n from pg_temp.one_session`.execute(merchant.db)).rows).toEqual([
        { n: 1 },
      ]);

      await bank.db.insertInto('merchants').values({ id: 'cassa', name: 'Cassa' }).execute();
      const schemaOf = async (db: typeof merchant.db | typeof bank.db) =>
        (await sql<{ s: string }>`select current_schema() as s`.execute(db as never)).rows[0]?.s;
      // Transactions of both, started together: each sees its own schema from its first statement to its last.
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? merchant.db.transaction().execute(async (trx) => [await schemaOf(trx), await schemaOf(trx)])
            : bank.db.transaction().execute(async (trx) => {
                const before = await schemaOf(trx);
                await trx.selectFrom('merchants').select('id').execute();
                return [before, await schemaOf(trx)];
              }),
        ),
      );
      expect(seen).toEqual(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ['public', 'public'] : ['bank', 'bank'])),
      );
      const merchantsInPublic = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'merchants'`.execute(
        merchant.db,
      );
      expect(merchantsInPublic.rows[0]?.n).toBe(0);

      // Closing one leaves the other working; the instance closes with the last.
      await merchant.close();
      expect(await bank.db.selectFrom('merchants').select('id').execute()).toEqual([{ id: 'cassa' }]);
      await bank.close();
      const again = await openBankDatabase(bankTarget);
      expect(await again.db.selectFrom('merchants').select('id').execute()).toEqual([{ id: 'cassa' }]);
      await again.close();
      expect(fs.existsSync(legacyBankDatabaseDir(dataDir))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('opens and migrates an embedded bank database that survives a reopen', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-db-'));
    try {
      const target = bankDatabaseTarget({ dataDir, databaseUrl: undefined, bankDatabaseUrl: undefined });
      const first = await openBankDatabase(target);
      await first.db.insertInto('merchants').values({ id: 'cassa', name: 'Cassa' }).execute();
      await first.close();
      const second = await openBankDatabase(target);
      expect(await second.db.selectFrom('merchants').select('id').execute()).toEqual([{ id: 'cassa' }]);
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
