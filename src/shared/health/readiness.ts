import type { FastifyInstance } from 'fastify';
import { type Kysely, type Migration, sql } from 'kysely';

/** One thing an app needs to serve: null when it is there, else why not (said in the 503). */
export type ReadinessCheck = () => Promise<string | null>;

const CHECK_TIMEOUT_MS = 2_000;

export function databaseReachable(db: Kysely<unknown>): ReadinessCheck {
  return async () => {
    await sql`select 1`.execute(db);
    return null;
  };
}

/**
 * Whether the database has every migration this code expects (a process started before the one that migrates, or a
 * database restored from an old backup, must not take traffic). The table is found through the connection's
 * search_path (the bank's schema for the bank). Once all are there it stays so: migrations are never undone.
 */
export function migrationsApplied(db: Kysely<unknown>, migrations: Record<string, Migration>): ReadinessCheck {
  const expected = Object.keys(migrations).sort();
  let applied = false;
  return async () => {
    if (applied) return null;
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const have = new Set(rows.rows.map((row) => row.name));
    const pending = expected.filter((name) => !have.has(name));
    if (pending.length > 0) return `${pending.length} migration(s) not applied, the first ${pending[0]}`;
    applied = true;
    return null;
  };
}

export interface Readiness {
  ready: boolean;
  /** Each check: `ok`, or why not. */
  checks: Record<string, string>;
  /** The first reason, for a 503's one line. */
  reason?: string;
}

export async function readinessOf(checks: Record<string, ReadinessCheck>): Promise<Readiness> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const outcome = await Promise.race([
          check(),
          new Promise<string>((resolve) => {
            timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`), CHECK_TIMEOUT_MS);
          }),
        ]);
        return [name, outcome ?? 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failed = results.find(([, outcome]) => outcome !== 'ok');
  return {
    ready: failed === undefined,
    checks: Object.fromEntries(results),
    ...(failed ? { reason: `${failed[0]}: ${failed[1]}` } : {}),
  };
}

/**
 * `GET /readyz`: 200 when the app can serve (its database reachable, its migrations applied, whatever else it names),
 * 503 with a JSON reason when not, so a load balancer or an orchestrator sends it no traffic yet. `/healthz` stays
 * the liveness check. What another service (the bank, a mail server) does is not the app's readiness: taking every
 * web node out because the acquirer is slow would turn a degraded service into an outage.
 */
export function readinessRoute(app: FastifyInstance, appName: string, checks: Record<string, ReadinessCheck>): void {
  app.get('/readyz', async (request, reply) => {
    const readiness = await readinessOf(checks);
    reply.header('cache-control', 'no-store');
    if (readiness.ready) return reply.send({ status: 'ready', app: appName, checks: readiness.checks });
    request.log.warn({ reason: readiness.reason }, 'not ready');
    return reply
      .code(503)
      .send({ status: 'unavailable', app: appName, reason: readiness.reason, checks: readiness.checks });
  });
}
