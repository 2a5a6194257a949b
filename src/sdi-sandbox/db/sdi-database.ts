import { type Database, type DatabaseTarget, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { embeddedDatabaseDir } from '../../db/targets.ts';
import { sdiMigrations } from './migrations/index.ts';
import type { SdiDatabase } from './schema.ts';

/** The sandbox SdI's tables live in this schema, apart from the merchant's and the bank's. */
export const SDI_SCHEMA = 'sdi';

/**
 * Where the sandbox SdI keeps its files: an `sdi` schema on `DATABASE_URL`, else an `sdi` schema of the embedded
 * database (the merchant's PGlite directory: one instance per directory is shared by every schema of the process).
 */
export function sdiDatabaseTarget(options: { dataDir: string; databaseUrl: string | undefined }): DatabaseTarget {
  if (options.databaseUrl) return { kind: 'postgres', url: options.databaseUrl, schema: SDI_SCHEMA };
  return { kind: 'pglite', dataDir: embeddedDatabaseDir(options.dataDir), schema: SDI_SCHEMA };
}

/** Opens the sandbox SdI's database and applies its pending migrations. */
export async function openSdiDatabase(target: DatabaseTarget): Promise<Database<SdiDatabase>> {
  const database = await openDatabase<SdiDatabase>(target);
  try {
    await migrateToLatest(database.db as never, sdiMigrations, target.schema ? { schema: target.schema } : {});
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
