import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { bankMigrations } from '../../bank/db/migrations/index.ts';
import { openDatabase } from '../database.ts';
import { merchantMigrations } from '../migrations/index.ts';
import { openTestDatabase, pgliteTemplate, testDatabaseKinds } from '../test-databases.ts';
import { providedTemplates, templateKey, useTestTemplates } from './test-templates.ts';

async function appliedMigrations(db: Kysely<unknown>, schema = 'public'): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db);
  return rows.map((row) => row.name).sort();
}

describe('test database templates', () => {
  it('are named by their migrations, and on PostgreSQL by their schema too', () => {
    const merchant = templateKey('pglite', merchantMigrations);
    expect(templateKey('pglite', { ...merchantMigrations })).toBe(merchant);
    expect(templateKey('pglite', merchantMigrations, 'bank')).toBe(merchant);
    expect(templateKey('pglite', bankMigrations)).not.toBe(merchant);
    expect(templateKey('pglite', { ...merchantMigrations, '2099-01-01-001-next': { up: async () => {} } })).not.toBe(
      merchant,
    );
    expect(templateKey('postgres', bankMigrations, 'bank')).not.toBe(templateKey('postgres', bankMigrations));
    expect(templateKey('postgres', merchantMigrations)).not.toBe(merchant);
  });

  it("were built by the run's global setup and handed to this worker", () => {
    const templates = providedTemplates();
    expect(templates?.pglite[templateKey('pglite', merchantMigrations)]).toBeDefined();
    expect(templates?.pglite[templateKey('pglite', bankMigrations)]).toBeDefined();
    if (process.env.TEST_DATABASE_URL) {
      expect(templates?.postgres[templateKey('postgres', merchantMigrations)]).toMatch(/^cassa_tpl_merchant_/);
      expect(templates?.postgres[templateKey('postgres', bankMigrations, 'bank')]).toMatch(/^cassa_tpl_bank_/);
    }
  });

  describe.each(testDatabaseKinds())('on %s', (kind) => {
    const run = providedTemplates();
    afterEach(() => useTestTemplates(run));

    it('a copy of the template has every migration applied', async () => {
      const { db, close } = await openTestDatabase(kind, bankMigrations, { schema: 'bank' });
      try {
        const schema = kind === 'postgres' ? 'bank' : 'public';
        expect(await appliedMigrations(db, schema)).toEqual(Object.keys(bankMigrations).sort());
      } finally {
        await close();
      }
    });

    // On PGlite this builds a template the slow way (initdb, then the migrations), once: give it time on a busy machine.
    it("without the run's templates (another runner), a test database is migrated all the same", {
      timeout: 120_000,
    }, async () => {
      useTestTemplates(undefined);
      // A set of its own, so that this process's cache of the run's merchant template is not used either.
      const migrations = { ...merchantMigrations };
      const { db, close } = await openTestDatabase(kind, migrations);
      try {
        expect(await appliedMigrations(db)).toEqual(Object.keys(merchantMigrations).sort());
      } finally {
        await close();
      }
    });
  });
});

describe('an embedded database given a dump to start from (the test seam of startSystem)', () => {
  it('starts a new directory from it, and leaves an existing database as it is', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-seeded-'));
    try {
      const first = await openDatabase<unknown>({
        kind: 'pglite',
        dataDir,
        initialDump: await pgliteTemplate(merchantMigrations),
      });
      expect(await appliedMigrations(first.db)).toEqual(Object.keys(merchantMigrations).sort());
      await sql`create table kept (n integer)`.execute(first.db);
      await first.close();
      const again = await openDatabase<unknown>({
        kind: 'pglite',
        dataDir,
        initialDump: await pgliteTemplate(bankMigrations),
      });
      const tables = (await again.db.introspection.getTables()).map((table) => table.name);
      expect(tables).toEqual(expect.arrayContaining(['kept', 'customers']));
      expect(tables).not.toContain('merchants');
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
