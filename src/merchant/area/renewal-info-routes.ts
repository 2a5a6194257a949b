import type { FastifyInstance } from 'fastify';
import { RENEWAL_INFO_PATH } from '../web/links.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { RenewalInfoPage } from './renewal-info-views.tsx';

/** The public page about automatic renewal, in Italian and English (the language switch needs a session). */
export function renewalInfoRoutes(deps: { sessions: SessionManager; leadDays: number }) {
  return async (app: FastifyInstance) => {
    app.get(RENEWAL_INFO_PATH, async (request, reply) => {
      await deps.sessions.ensure(request, reply, null);
      return sendPage(
        reply,
        RenewalInfoPage({ page: pageContext(request, 'app.area', '/logout'), leadDays: deps.leadDays }),
      );
    });
  };
}
