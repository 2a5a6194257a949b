import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { merchantMigrations } from '../../db/migrations/index.ts';
import { alive } from '../../shared/health/liveness.ts';
import { databaseReachable, migrationsApplied, readinessRoute } from '../../shared/health/readiness.ts';

/**
 * `GET /healthz`: liveness, answered without the database (shared/health/liveness.ts). `GET /readyz`: the database
 * reachable and the merchant's migrations all applied (shared/health/readiness.ts): what a load balancer asks.
 */
export function healthRoutes<DB>(deps: { db: Kysely<DB>; app: string }) {
  const db = deps.db as Kysely<unknown>;
  return async (app: FastifyInstance) => {
    readinessRoute(app, deps.app, {
      database: databaseReachable(db),
      migrations: migrationsApplied(db, merchantMigrations),
    });
    app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send(alive(deps.app)));
  };
}
