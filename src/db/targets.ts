import path from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseTarget } from './database.ts';

/** Where the merchant's data lives: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/merchant-db. */
export function merchantDatabaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'merchant-db') };
}

/** Whether any database of this configuration is embedded, so that the data directory must be locked. */
export function usesEmbeddedDatabase(config: Config): boolean {
  // The sandbox bank's data follows DATABASE_URL too (a `bank` schema), so PostgreSQL for one means for both.
  return merchantDatabaseTarget(config).kind === 'pglite';
}
