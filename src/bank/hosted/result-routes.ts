import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { hasEnded } from '../sessions/payment-session-states.ts';
import { hostedPageCsp } from './csp.ts';
import { html, openPage, pageOf } from './page-context.ts';
import { ResultPage } from './result-views.tsx';
import { returnUrlFor } from './return-url.ts';

/** The outcome, and "torna al negozio". */
export function registerResultRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.get('/pay/:id/result', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (!hasEnded(session.status)) return reply.redirect(pageOf(session), 303);
    reply.header('content-security-policy', hostedPageCsp({ formTargets: [new URL(session.return_url).origin] }));
    return html(
      reply,
      200,
      ResultPage({
        payment: opened.payment,
        status: session.status,
        declineCode: session.decline_code,
        transStatus: session.trans_status,
        cancelReason: session.cancel_reason,
        authorizationCode: session.authorization_code,
        returnAction: `/pay/${session.id}/return`,
      }),
    );
  });

  // "torna al negozio": signed at the moment of the click, so the merchant's tolerance window starts now.
  app.get('/pay/:id/return', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (!hasEnded(session.status)) return reply.redirect(pageOf(session), 303);
    return reply.redirect(await returnUrlFor(ctx, session, opened.merchantVersion), 303);
  });
}
