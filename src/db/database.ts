import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, type KyselyConfig, PostgresDialect, sql } from 'kysely';
import { blankCluster } from './blank-cluster.ts';
import { PGliteDialect, PGliteSession, type PoolUsage } from './pglite-dialect.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: Kysely plus what is needed to close it and to tell tests which engine runs underneath. */
export interface Database<DB> {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** The connection pool's state now (PGlite: its one session), for the metrics. */
  poolUsage(): PoolUsage;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | {
      kind: 'pglite' /** A directory, or undefined for an in-memory database. */;
      dataDir: string | undefined;
      /**
       * Tables live in this schema (created if missing); default `public`. Every target on one directory shares one
       * PGlite instance in this process (PGlite allows one per directory): the bank's schema beside the merchant's.
       */
      schema?: string;
      /**
       * Test seam: a data-directory dump (`dumpDataDir`) to unpack into a directory that holds no database yet,
       * instead of a blank cluster. Tests pass an already migrated one; the product never sets it.
       */
      initialDump?: Blob;
    }
  | {
      kind: 'postgres';
      url: string /** Tables live in this schema (created if missing); default `public`. */;
      schema?: string;
      poolSize?: number;
    };

// Same JavaScript values on both engines: int8 as number (cents fit easily in 2^53), date as 'YYYY-MM-DD' text
// (pg would make a local-midnight Date of it), timestamptz as Date, numeric as text.
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
const identity = (value: string) => value;

export const PGLITE_PARSERS = { [INT8]: Number, [DATE]: identity, [NUMERIC]: identity };

/**
 * The extensions every PGlite instance loads, whether it creates its cluster or opens a dump: a migration's
 * `create extension` (pg_trgm for the back office's search) needs the extension's files in the instance, and a cluster
 * that already has it needs them to run its indexes. PostgreSQL ships pg_trgm in its contrib.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** Wraps an open PGlite instance in Kysely; closing the database closes the instance. */
export function openPGlite<DB>(pglite: PGlite, options: Pick<KyselyConfig, 'log'> = {}): Database<DB> {
  const close = async () => {
    if (!pglite.closed) await pglite.close();
  };
  return overSession<DB>(new PGliteSession(pglite), { close }, options);
}

function overSession<DB>(
  session: PGliteSession,
  dialectOptions: ConstructorParameters<typeof PGliteDialect>[1],
  options: Pick<KyselyConfig, 'log'>,
): Database<DB> {
  const dialect = new PGliteDialect(session, dialectOptions);
  const db = new Kysely<DB>({ dialect, ...options });
  return { db, kind: 'pglite', poolUsage: () => dialect.usage(), close: () => db.destroy() };
}

/**
 * A Kysely over one schema (created if missing) of an open session, for working on several schemas of one instance
 * in turn; closing it leaves the instance open.
 */
export function openSchemaOfSession<DB>(session: PGliteSession, schema?: string): Promise<Database<DB>> {
  return overSessionSchema<DB>(session, schema, async () => {}, {});
}

/** A Kysely over `schema` of the session (created if missing; none: the default search path), closed by `close`. */
async function overSessionSchema<DB>(
  session: PGliteSession,
  schema: string | undefined,
  close: () => Promise<void>,
  options: Pick<KyselyConfig, 'log'>,
): Promise<Database<DB>> {
  const database = overSession<DB>(session, { ...(schema ? { schema } : {}), close }, options);
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(database.db);
  return database;
}

/** This process's PGlite instances on a directory, with how many open databases share each (closed at zero). */
const embedded = new Map<string, { session: Promise<PGliteSession>; users: number }>();

async function openEmbedded<DB>(
  target: Extract<DatabaseTarget, { kind: 'pglite' }> & { dataDir: string },
  options: Pick<KyselyConfig, 'log'>,
): Promise<Database<DB>> {
  const key = path.resolve(target.dataDir);
  let entry = embedded.get(key);
  if (!entry) {
    const created = { session: createEmbedded(target).then((pglite) => new PGliteSession(pglite)), users: 0 };
    embedded.set(key, created);
    created.session.catch(() => embedded.get(key) === created && embedded.delete(key));
    entry = created;
  }
  const shared = entry;
  shared.users++;
  let session: PGliteSession;
  try {
    session = await shared.session;
  } catch (error) {
    shared.users--;
    throw error;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (--shared.users > 0) return;
    if (embedded.get(key) === shared) embedded.delete(key);
    if (!session.pglite.closed) await session.pglite.close();
  };
  return overSessionSchema<DB>(session, target.schema, close, options);
}

async function createEmbedded(target: Extract<DatabaseTarget, { kind: 'pglite' }> & { dataDir: string }) {
  fs.mkdirSync(target.dataDir, { recursive: true });
  clearStalePostmasterPid(target.dataDir);
  const fresh = !fs.existsSync(path.join(target.dataDir, 'PG_VERSION'));
  return PGlite.create({
    dataDir: target.dataDir,
    parsers: PGLITE_PARSERS,
    extensions: PGLITE_EXTENSIONS,
    startParams: PGLITE_START_PARAMS,
    ...(fresh ? { loadDataDir: target.initialDump ?? (await blankCluster()) } : {}),
  });
}

export async function openDatabase<DB>(
  target: DatabaseTarget,
  options: Pick<KyselyConfig, 'log'> = {},
): Promise<Database<DB>> {
  if (target.kind === 'pglite') {
    if (!target.dataDir) {
      const pglite = await PGlite.create('memory://', {
        parsers: PGLITE_PARSERS,
        extensions: PGLITE_EXTENSIONS,
        startParams: PGLITE_START_PARAMS,
      });
      return overSessionSchema<DB>(new PGliteSession(pglite), target.schema, () => pglite.close(), options);
    }
    return openEmbedded<DB>({ ...target, dataDir: target.dataDir }, options);
  }

  const schema = target.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  // Loaded when asked for: the embedded default never needs the PostgreSQL client (a start-up's 60 ms).
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8) return Number;
      if (oid === DATE || oid === NUMERIC) return identity;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    types,
    ...(schema === 'public' ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client's connection can drop (server restart, failover): pg then emits 'error' on the pool, which would
  // crash the process without a listener. The pool replaces the client on next use.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), ...options });
  if (schema !== 'public') await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return {
    db,
    kind: 'postgres',
    poolUsage: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/**
 * PostgreSQL's default 128 MB of shared buffers, in each embedded database, is memory the process keeps once touched:
 * an idle `npm start` measured 807 MB resident with it, 601 MB with 32 MB (`npm run bench -- memory`, 2026-12-03),
 * with no change the renewals benchmark could tell. The data a customer area works on fits; the OS caches the rest
 * of the files.
 */
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * PGlite leaves `postmaster.pid` behind when its process is killed, and may refuse to open the directory next time.
 * Callers open a PGlite directory only while holding Cassa's own data-directory lock, which proves that no live process
 * owns the file, so it is always stale here.
 */
function clearStalePostmasterPid(dataDir: string): void {
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}
