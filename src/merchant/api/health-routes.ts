import type { Kysely } from 'kysely';
import { z } from 'zod';
import { merchantMigrations } from '../../db/migrations/index.ts';
import { databaseReachable, migrationsApplied, readinessOf } from '../../shared/health/readiness.ts';
import type { ApiApp, ApiDeps } from './api-app.ts';

/** `GET /healthz`: liveness, without the database (shared/health/liveness.ts); no key needed. */
export function healthRoutes(app: ApiApp): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the API process answers (liveness; /readyz tells whether it can serve)',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
}

/** `GET /readyz`: as every app's (shared/health/readiness.ts): the database reachable and the migrations applied. */
export function readinessRoutes(app: ApiApp, deps: ApiDeps): void {
  const db = deps.db as Kysely<unknown>;
  const checks = { database: databaseReachable(db), migrations: migrationsApplied(db, merchantMigrations) };
  const checkResults = z.record(z.string(), z.string());
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the API can serve: its database reachable and migrated',
        security: [],
        response: {
          200: z.object({ status: z.literal('ready'), app: z.literal('api'), checks: checkResults }),
          503: z.object({
            status: z.literal('unavailable'),
            app: z.literal('api'),
            reason: z.string(),
            checks: checkResults,
          }),
        },
      },
    },
    async (request, reply) => {
      const readiness = await readinessOf(checks);
      reply.header('cache-control', 'no-store');
      if (readiness.ready) return { status: 'ready' as const, app: 'api' as const, checks: readiness.checks };
      request.log.warn({ reason: readiness.reason }, 'not ready');
      return reply.code(503).send({
        status: 'unavailable' as const,
        app: 'api' as const,
        reason: readiness.reason ?? 'unknown',
        checks: readiness.checks,
      });
    },
  );
}
