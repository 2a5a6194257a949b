import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { registerCancelRoutes } from './cancel-routes.ts';
import { registerCardEntryRoutes } from './card-entry-routes.ts';
import { registerChallengeRoutes } from './challenge-routes.ts';
import { registerResultRoutes } from './result-routes.ts';

/** The customer's payment pages: card form → Riepilogo → 3-D Secure → result, and the way out. None may be cached. */
export function registerHostedRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  registerCardEntryRoutes(app, ctx);
  registerChallengeRoutes(app, ctx);
  registerResultRoutes(app, ctx);
  registerCancelRoutes(app, ctx);
}
