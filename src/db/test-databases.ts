import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { Migration } from 'kysely';
import pg from 'pg';
import { type Database, type DatabaseKind, openDatabase, openPGlite, PGLITE_PARSERS } from './database.ts';
import { migrateToLatest } from './migrator.ts';

/**
 * Test support: the engines every database test runs on. PGlite always; PostgreSQL too when TEST_DATABASE_URL points
 * at a server (CI starts a throwaway cluster). Each call gets a fresh, migrated database of its own.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase<DB>(
  kind: DatabaseKind,
  migrations: Record<string, Migration>,
  options: { schema?: string; poolSize?: number } = {},
): Promise<Database<DB>> {
  if (kind === 'pglite') {
    // Creating and migrating a PGlite costs seconds; cloning a migrated template costs a fraction of that.
    let template = templates.get(migrations);
    if (!template) {
      template = createPGliteTemplate(migrations);
      templates.set(migrations, template);
    }
    const pglite = await PGlite.create({ loadDataDir: await template, parsers: PGLITE_PARSERS });
    return openPGlite<DB>(pglite);
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cassa_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create database ${name}`));
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase<DB>({
    kind: 'postgres',
    url: dbUrl.toString(),
    ...(options.schema ? { schema: options.schema } : {}),
    poolSize: options.poolSize ?? 25,
  });
  await migrateToLatest(database.db as never, migrations, options.schema ? { schema: options.schema } : {});
  return {
    ...database,
    async close() {
      await database.close();
      await dropWhenDisconnected(url, name);
    },
  };
}

/** Per migration set, a dump of a freshly migrated data directory that each test database starts from. */
const templates = new Map<Record<string, Migration>, Promise<File | Blob>>();

async function createPGliteTemplate(migrations: Record<string, Migration>): Promise<File | Blob> {
  const pglite = await PGlite.create('memory://', { parsers: PGLITE_PARSERS });
  const database = openPGlite<unknown>(pglite);
  await migrateToLatest(database.db, migrations);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  return dump;
}

/**
 * pg's pool resolves `end()` before its clients' sockets have closed. Dropping `with (force)` at that moment kills
 * sessions whose clients no longer listen for errors, which surfaces as unhandled "terminating connection" errors, so
 * wait for the sessions to go away by themselves, and force only as a last resort.
 */
async function dropWhenDisconnected(url: string, name: string): Promise<void> {
  await withAdminClient(url, async (client) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await client.query(`drop database if exists ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: still being accessed
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await client.query(`drop database if exists ${name} with (force)`);
  });
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
