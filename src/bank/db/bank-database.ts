import path from 'node:path';
import { type Database, type DatabaseTarget, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { bankMigrations } from './migrations/index.ts';
import type { BankDatabase } from './schema.ts';

/** On PostgreSQL the bank's tables live in this schema, apart from the merchant's. */
export const BANK_SCHEMA = 'bank';

/**
 * Where the bank's data lives: `BANK_DATABASE_URL`, else a `bank` schema on `DATABASE_URL`, else its own PGlite
 * directory `<DATA_DIR>/bank/db` (beside the development vault key in `<DATA_DIR>/bank/vault.key`).
 */
export function bankDatabaseTarget(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  bankDatabaseUrl: string | undefined;
}): DatabaseTarget {
  const url = options.bankDatabaseUrl ?? options.databaseUrl;
  if (url) return { kind: 'postgres', url, schema: BANK_SCHEMA };
  return { kind: 'pglite', dataDir: path.join(options.dataDir, 'bank', 'db') };
}

/** Opens the bank's database and applies its pending migrations. */
export async function openBankDatabase(target: DatabaseTarget): Promise<Database<BankDatabase>> {
  const database = await openDatabase<BankDatabase>(target);
  try {
    await migrateToLatest(
      database.db as never,
      bankMigrations,
      target.kind === 'postgres' ? { schema: BANK_SCHEMA } : {},
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
