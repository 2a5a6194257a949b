import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * One PGlite instance: one PostgreSQL session, which every Kysely instance over it shares (the merchant's tables in
 * `public`, the sandbox bank's in `bank`, as on a PostgreSQL server). Kysely opens transactions by sending BEGIN on a
 * connection it holds, so the session is handed to one Kysely "connection" at a time: a FIFO mutex makes every other
 * query wait until the holder (a transaction, or a single statement) releases it. Without this, two concurrent
 * transactions would run interleaved inside the same session (the bug of `kysely-pglite`).
 */
export class PGliteSession {
  readonly mutex = new Mutex();
  /** The schema the session's search_path was last set to; null: PostgreSQL's default (`"$user", public`). */
  searchPath: string | null = null;
  constructor(readonly pglite: PGlite) {}
}

export interface PGliteDialectOptions {
  /** The schema this Kysely's unqualified names resolve in; default: PostgreSQL's default search path. */
  schema?: string;
  /** What `db.destroy()` does to the session: close the instance, or let go of a share of it. */
  close(): Promise<void>;
}

/** Kysely dialect for PGlite: a Kysely over one schema of a shared session (PGliteSession). */
export class PGliteDialect implements Dialect {
  private driver: PGliteDriver | undefined;
  constructor(
    private readonly session: PGliteSession,
    private readonly options: PGliteDialectOptions,
  ) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
      throw new Error(`invalid schema name "${options.schema}"`);
    }
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    this.driver = new PGliteDriver(this.session, this.options);
    return this.driver;
  }
  /** The one session as a pool of one: in use while a query or transaction holds it; the others wait. */
  usage(): PoolUsage {
    return this.driver?.usage() ?? { inUse: 0, waiting: 0 };
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** Connections held and callers waiting for one (the metrics' cassa_db_pool_in_use and _waiting). */
export interface PoolUsage {
  inUse: number;
  waiting: number;
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** The holder and its waiters. */
  private queued = 0;
  lock(): Promise<() => void> {
    this.queued++;
    let resolveNext!: () => void;
    const next = new Promise<void>((resolve) => {
      resolveNext = resolve;
    });
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.queued--;
      resolveNext();
    };
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
  usage(): PoolUsage {
    return { inUse: Math.min(this.queued, 1), waiting: Math.max(this.queued - 1, 0) };
  }
}

class PGliteDriver implements Driver {
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  private readonly connection: PGliteConnection;
  private readonly schema: string | null;

  constructor(
    private readonly session: PGliteSession,
    private readonly options: PGliteDialectOptions,
  ) {
    this.connection = new PGliteConnection(session.pglite);
    this.schema = options.schema ?? null;
  }

  async init(): Promise<void> {
    await this.session.pglite.waitReady;
  }

  usage(): PoolUsage {
    return this.session.mutex.usage();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.session.mutex.lock();
    // Between holders, never inside a transaction: a plain SET lasts for the session, until the other schema's
    // Kysely takes it. Only a switch costs a statement (a payment switches a few times; a page never).
    if (this.session.searchPath !== this.schema) {
      try {
        await this.session.pglite.exec(this.schema ? `set search_path to ${this.schema}` : 'reset search_path');
      } catch (error) {
        release();
        throw error;
      }
      this.session.searchPath = this.schema;
    }
    this.releases.set(this.connection, release);
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.releases.get(connection);
    this.releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {
    await this.options.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[]);
    const affected = result.affectedRows;
    return { rows: result.rows, ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}) };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; Kysely's stream() is not supported.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not support streaming');
  }
}
