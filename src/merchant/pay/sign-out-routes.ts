import type { FastifyInstance } from 'fastify';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { SignedOutPage } from './pay-views.tsx';

/** Where Pagamenti's "Esci" posts (the header's button, on every signed-in page). */
export const PAY_LOGOUT_ACTION = '/logout';

/**
 * Pagamenti's "Esci". To the customer Area Clienti and Pagamenti are one sign-in, so this ends the Pagamenti session
 * and every session the customer has in Area Clienti (and in Pagamenti on other devices): after it, no tab of theirs
 * can pay, and the next payment starts from Area Clienti's login.
 */
export function signOutRoutes(deps: { sessions: SessionManager; areaUrl: string }) {
  return async (app: FastifyInstance) => {
    app.post(PAY_LOGOUT_ACTION, async (request, reply) => {
      const locale = request.i18n.locale;
      const customerId = request.session?.customerId ?? null;
      await deps.sessions.end(request, reply, { alsoIn: ['area', 'pay'] });
      // A fresh anonymous session keeps the customer's language for the page that follows (and its language switch).
      await deps.sessions.ensure(request, reply, locale);
      request.log.info({ customerId }, 'customer signed out of Pagamenti and Area Clienti');
      return reply.redirect('/signed-out', 303);
    });

    app.get('/signed-out', async (request, reply) => {
      if (request.customer) return reply.redirect('/', 303);
      return sendPage(
        reply,
        SignedOutPage({ page: pageContext(request, 'app.pay'), loginUrl: new URL('/login', deps.areaUrl).href }),
      );
    });
  };
}
