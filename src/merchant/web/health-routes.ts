import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { merchantMigrations } from '../../db/migrations/index.ts';
import { databaseReachable, migrationsApplied, readinessRoute } from '../../shared/health/readiness.ts';

/**
 * `GET /healthz`: 200 when the app can reach its database, 503 when not, so a load balancer stops sending traffic.
 * `GET /readyz`: also the merchant's migrations all applied (shared/health/readiness.ts).
 */
export function healthRoutes<DB>(deps: { db: Kysely<DB>; app: string }) {
  const db = deps.db as Kysely<unknown>;
  return async (app: FastifyInstance) => {
    readinessRoute(app, deps.app, {
      database: databaseReachable(db),
      migrations: migrationsApplied(db, merchantMigrations),
    });
    app.get('/healthz', async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return reply.header('cache-control', 'no-store').send({ status: 'ok', app: deps.app });
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).header('cache-control', 'no-store').send({ status: 'unavailable', app: deps.app });
      }
    });
  };
}
