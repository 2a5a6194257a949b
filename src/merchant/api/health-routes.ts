import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiApp, ApiDeps } from './api-app.ts';

/** `GET /healthz`: 200 when the API can reach its database, 503 when not; no key needed (load balancers). */
export function healthRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the API can reach its database',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ok' as const };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
}
