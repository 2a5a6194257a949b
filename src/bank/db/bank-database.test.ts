import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bankDatabaseTarget, openBankDatabase } from './bank-database.ts';

describe('bank database', () => {
  it('prefers BANK_DATABASE_URL, then a bank schema on DATABASE_URL, then PGlite under DATA_DIR/bank', () => {
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
      dataDir: '/d/bank/db',
    });
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
