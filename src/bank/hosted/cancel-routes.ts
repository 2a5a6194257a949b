import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { cancelByCustomer } from '../sessions/cancel-payment-session.ts';
import { openPage } from './page-context.ts';

/**
 * "Annulla pagamento" (card form, Riepilogo, 3-D Secure): the session ends cancelled by the customer and nothing can
 * authorize it any more. The answer is the result page, which sends the browser back to the shop by itself: a
 * redirect straight to the shop would break the card form's `form-action 'self'`, which must stay that strict.
 */
export function registerCancelRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.post('/pay/:id/cancel', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    await ctx.db.transaction().execute((trx) => cancelByCustomer(trx, ctx, opened.session.id));
    return reply.redirect(`/pay/${opened.session.id}/result`, 303);
  });
}
