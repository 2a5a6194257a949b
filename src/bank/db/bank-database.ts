import fs from 'node:fs';
import path from 'node:path';
import { type Database, type DatabaseTarget, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { embeddedDatabaseDir } from '../../db/targets.ts';
import { bankMigrations } from './migrations/index.ts';
import type { BankDatabase } from './schema.ts';

/** The bank's tables live in this schema, apart from the merchant's, on PostgreSQL and in the embedded database. */
export const BANK_SCHEMA = 'bank';

/**
 * Where the bank's data lives: `BANK_DATABASE_URL`, else a `bank` schema on `DATABASE_URL`, else a `bank` schema of
 * the embedded database. A data directory from before 2026-12-03 has the bank in a PGlite directory of its own,
 * `<DATA_DIR>/bank/db`: that one is kept where it is (moving a bank's history between databases is not worth a risk
 * for a sandbox), at the cost of a second instance in memory.
 */
export function bankDatabaseTarget(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  bankDatabaseUrl: string | undefined;
}): DatabaseTarget {
  const url = options.bankDatabaseUrl ?? options.databaseUrl;
  if (url) return { kind: 'postgres', url, schema: BANK_SCHEMA };
  const ownDirectory = legacyBankDatabaseDir(options.dataDir);
  if (fs.existsSync(path.join(ownDirectory, 'PG_VERSION'))) return { kind: 'pglite', dataDir: ownDirectory };
  return { kind: 'pglite', dataDir: embeddedDatabaseDir(options.dataDir), schema: BANK_SCHEMA };
}

/** The bank's own PGlite directory of data directories created before 2026-12-03. */
export function legacyBankDatabaseDir(dataDir: string): string {
  return path.join(dataDir, 'bank', 'db');
}

/** Opens the bank's database and applies its pending migrations. */
export async function openBankDatabase(target: DatabaseTarget): Promise<Database<BankDatabase>> {
  const database = await openDatabase<BankDatabase>(target);
  try {
    await migrateToLatest(database.db as never, bankMigrations, target.schema ? { schema: target.schema } : {});
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
