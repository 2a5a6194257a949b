import path from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseTarget } from './database.ts';

/**
 * The embedded database's directory. It holds the merchant's tables (`public`) and, since 2026-12-03, the sandbox
 * bank's (`bank`): one PGlite instance per process instead of two. The name predates the bank's move.
 */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, 'merchant-db');
}

/** Where the merchant's data lives: PostgreSQL when DATABASE_URL is set, else the embedded database. */
export function merchantDatabaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: embeddedDatabaseDir(config.dataDir) };
}

/** Whether any database of this configuration is embedded, so that the data directory must be locked. */
export function usesEmbeddedDatabase(config: Config): boolean {
  // The sandbox bank's data follows DATABASE_URL too (a `bank` schema), so PostgreSQL for one means for both.
  return merchantDatabaseTarget(config).kind === 'pglite';
}
