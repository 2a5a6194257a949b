import path from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseTarget } from './database.ts';

/** Where the merchant's data lives: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/merchant-db. */
export function merchantDatabaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'merchant-db') };
}

/**
 * The bank is another system with its own data: BANK_DATABASE_URL, else a `bank` schema on the merchant's
 * PostgreSQL, else its own PGlite in DATA_DIR/bank/db.
 */
export function bankDatabaseTarget(config: Config): DatabaseTarget {
  if (config.bankDatabaseUrl) return { kind: 'postgres', url: config.bankDatabaseUrl };
  if (config.databaseUrl) return { kind: 'postgres', url: config.databaseUrl, schema: 'bank' };
  return { kind: 'pglite', dataDir: path.join(config.dataDir, 'bank', 'db') };
}

/** Whether any database of this configuration is embedded, so that the data directory must be locked. */
export function usesEmbeddedDatabase(config: Config): boolean {
  return merchantDatabaseTarget(config).kind === 'pglite' || bankDatabaseTarget(config).kind === 'pglite';
}
