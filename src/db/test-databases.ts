import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Migration } from 'kysely';
import pg from 'pg';
import { BANK_SCHEMA } from '../bank/db/bank-database.ts';
import { bankMigrations } from '../bank/db/migrations/index.ts';
import { sdiMigrations } from '../sdi-sandbox/db/migrations/index.ts';
import { SDI_SCHEMA } from '../sdi-sandbox/db/sdi-database.ts';
import { blankCluster } from './blank-cluster.ts';
import {
  type Database,
  type DatabaseKind,
  openDatabase,
  openPGlite,
  openSchemaOfSession,
  PGLITE_EXTENSIONS,
  PGLITE_PARSERS,
  PGLITE_START_PARAMS,
} from './database.ts';
import { merchantMigrations } from './migrations/index.ts';
import { migrateToLatest } from './migrator.ts';
import { PGliteSession } from './pglite-dialect.ts';
import { providedTemplates, templateKey } from './testing/test-templates.ts';

/** Migrations applied in one schema (default `public`). */
export interface MigrationSet {
  migrations: Record<string, Migration>;
  schema?: string;
}

/**
 * The embedded database as the product lays it out: the merchant's tables in `public`, the bank's in `bank`, the
 * sandbox SdI's in `sdi`.
 */
export const SYSTEM_MIGRATION_SETS: readonly MigrationSet[] = [
  { migrations: merchantMigrations },
  { migrations: bankMigrations, schema: BANK_SCHEMA },
  { migrations: sdiMigrations, schema: SDI_SCHEMA },
];

/**
 * Test support: the engines every database test runs on. PGlite always; PostgreSQL too when TEST_DATABASE_URL points
 * at a server (CI starts a throwaway cluster). Each call gets a fresh, migrated database of its own.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh database with these migrations applied, copied from a template migrated once: the run's (global setup,
 * see testing/global-setup.ts) when it has one for these migrations, else one this process builds on first use
 * (PGlite) or none (PostgreSQL: the new database is migrated).
 */
export async function openTestDatabase<DB>(
  kind: DatabaseKind,
  migrations: Record<string, Migration>,
  options: { schema?: string; poolSize?: number } = {},
): Promise<Database<DB>> {
  if (kind === 'pglite') {
    const pglite = await PGlite.create({
      loadDataDir: await pgliteTemplate(migrations),
      parsers: PGLITE_PARSERS,
      extensions: PGLITE_EXTENSIONS,
      startParams: PGLITE_START_PARAMS,
    });
    return openPGlite<DB>(pglite);
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cassa_test_${randomBytes(6).toString('hex')}`;
  const template = providedTemplates()?.postgres[templateKey('postgres', migrations, options.schema)];
  await withAdminClient(url, (client) =>
    client.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
  );
  const database = await openDatabase<DB>({
    kind: 'postgres',
    url: databaseUrl(url, name),
    ...(options.schema ? { schema: options.schema } : {}),
    poolSize: options.poolSize ?? 25,
  });
  try {
    if (!template)
      await migrateToLatest(database.db as never, migrations, options.schema ? { schema: options.schema } : {});
  } catch (error) {
    await database.close();
    await dropWhenDisconnected(url, name);
    throw error;
  }
  return {
    ...database,
    async close() {
      await database.close();
      await dropWhenDisconnected(url, name);
    },
  };
}

/**
 * A dump of a PGlite cluster with these migrations applied, for `PGlite.create({ loadDataDir })` (a fraction of the
 * cost of migrating). The run's, read from its file, else built in this process on first use.
 */
export function pgliteTemplate(migrations: Record<string, Migration>): Promise<Blob> {
  let template = templates.get(migrations);
  if (!template) {
    const file = providedTemplates()?.pglite[templateKey('pglite', migrations)];
    template = file ? fs.promises.readFile(file).then((bytes) => new Blob([bytes])) : migratedPGliteDump(migrations);
    templates.set(migrations, template);
  }
  return template;
}

/** Per migration set, the dump each of this process's PGlite test databases starts from. */
const templates = new Map<Record<string, Migration>, Promise<Blob>>();

/** The key of the system's embedded template among a run's PGlite templates. */
export function systemTemplateKey(): string {
  const names = Object.fromEntries(
    SYSTEM_MIGRATION_SETS.flatMap((set) =>
      Object.entries(set.migrations).map(([name, migration]) => [`${set.schema ?? 'public'}:${name}`, migration]),
    ),
  );
  return templateKey('pglite', names);
}

let systemTemplate: Promise<Blob> | undefined;

/** A dump of the embedded database with every schema of the system migrated (SystemOptions.embeddedTemplate). */
export function pgliteSystemTemplate(): Promise<Blob> {
  systemTemplate ??= (() => {
    const file = providedTemplates()?.pglite[systemTemplateKey()];
    return file
      ? fs.promises.readFile(file).then((bytes) => new Blob([bytes]))
      : migratedPGliteDump(SYSTEM_MIGRATION_SETS);
  })();
  return systemTemplate;
}

/**
 * Migrates a PGlite cluster in memory and dumps its data directory. Each starts from one blank cluster per process:
 * initdb costs seconds, the migrations a fraction of one.
 */
export async function migratedPGliteDump(
  migrations: Record<string, Migration> | readonly MigrationSet[],
): Promise<Blob> {
  const sets: readonly MigrationSet[] = Array.isArray(migrations) ? migrations : [{ migrations }];
  const pglite = await PGlite.create({
    loadDataDir: await blankCluster(),
    parsers: PGLITE_PARSERS,
    extensions: PGLITE_EXTENSIONS,
    startParams: PGLITE_START_PARAMS,
  });
  try {
    const session = new PGliteSession(pglite);
    for (const set of sets) {
      const database = await openSchemaOfSession<unknown>(session, set.schema);
      try {
        await migrateToLatest(database.db, set.migrations, set.schema ? { schema: set.schema } : {});
      } finally {
        await database.close();
      }
    }
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

/**
 * Creates a database on the server of `serverUrl`, migrates it, and closes it to connections, so that test
 * databases can be created from it (`create database … template`, which refuses a template anyone is connected to).
 */
export async function createPostgresTemplate(
  serverUrl: string,
  name: string,
  migrations: Record<string, Migration>,
  schema?: string,
): Promise<void> {
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const database = await openDatabase<unknown>({
    kind: 'postgres',
    url: databaseUrl(serverUrl, name),
    ...(schema ? { schema } : {}),
    poolSize: 1,
  });
  try {
    await migrateToLatest(database.db, migrations, schema ? { schema } : {});
  } finally {
    await database.close();
  }
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`alter database ${name} allow_connections false`);
    await waitUntilDisconnected(client, name);
  });
}

/**
 * An empty database of its own on the server of `serverUrl` (named `<prefix>_<random>`), for tests and benchmarks
 * that start whole Cassa processes on it; `drop()` removes it, connections and all.
 */
export async function createScratchPostgresDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  return { name, url: databaseUrl(serverUrl, name), drop: () => dropPostgresDatabase(serverUrl, name) };
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The pool's sessions end shortly after `close()` resolves (see below); a template must have none left. */
async function waitUntilDisconnected(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sessions on ${name} did not end`);
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
