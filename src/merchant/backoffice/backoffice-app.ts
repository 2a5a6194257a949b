import type { FastifyInstance } from 'fastify';
import { findOperatorById } from '../operators/operator-repository.ts';
import { createWebApp } from '../web/web-app.ts';
import { actionsRoutes } from './actions/actions-routes.ts';
import type { BackofficeDeps, BackofficeRoutes } from './backoffice-deps.ts';
import { BACKOFFICE_PUBLIC_PATHS } from './backoffice-nav.ts';
import { customerRoutes } from './customers/customer-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import { emailRoutes } from './emails/email-routes.ts';
import { invoiceFileRoutes } from './invoices/invoice-file-routes.ts';
import { invoiceRoutes } from './invoices/invoice-routes.ts';
import { listsRoutes } from './lists/lists-routes.ts';
import { backofficeLoginRoutes } from './login-routes.ts';
import { operatorsRoutes } from './operators/operators-routes.tsx';
import { orderRoutes } from './orders/order-routes.ts';
import { searchRoutes } from './search/search-routes.ts';

export const BACKOFFICE_SESSION_COOKIE = 'cassa_backoffice';

/**
 * The back office's parts, each a plugin on the same deps. A new part is added here and nowhere else (its
 * navigation link in backoffice-nav.ts).
 */
export const BACKOFFICE_ROUTES: readonly BackofficeRoutes[] = [
  dashboardRoutes,
  listsRoutes,
  orderRoutes,
  customerRoutes,
  invoiceRoutes,
  invoiceFileRoutes,
  emailRoutes,
  operatorsRoutes,
  actionsRoutes,
  searchRoutes,
];

const isPublic = (url: string) => {
  const path = url.split('?')[0] ?? '/';
  return BACKOFFICE_PUBLIC_PATHS.has(path) || path.startsWith('/assets/');
};

/**
 * The operators' back office (issue 12, docs/backoffice.md): its own app, origin and session cookie, on the same web
 * ground as Area Clienti (sessions in `web_sessions`, CSRF on every POST, security headers, one error page). Every
 * page but the login needs a signed-in operator; what each role may do is operators/operator-roles.ts.
 */
export async function buildBackofficeApp(
  deps: BackofficeDeps & { sessionTimeouts?: { idleTimeoutMs: number; absoluteTimeoutMs: number } },
): Promise<FastifyInstance> {
  const { app, sessions } = await createWebApp({
    app: 'backoffice',
    appName: 'app.backoffice',
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock,
    publicUrl: deps.config.publicUrls.backoffice,
    trustProxy: deps.config.trustProxy,
    timeZone: deps.config.businessTimeZone,
    brand: deps.config.brand,
    cookieName: BACKOFFICE_SESSION_COOKIE,
    logoutAction: '/logout',
    // 30 minutes idle as in Area Clienti; a working day in all.
    timeouts: deps.sessionTimeouts ?? { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 10 * 60 * 60_000 },
  });
  app.decorateRequest('operator', null);
  // After the web ground's own onRequest hook (registration order), which loaded the session.
  app.addHook('onRequest', async (request, reply) => {
    const operatorId = request.session?.operatorId;
    if (operatorId) {
      const operator = await findOperatorById(deps.db, operatorId);
      if (operator && operator.disabled_at === null) request.operator = operator;
      else await sessions.end(request, reply);
    }
    if (request.operator || isPublic(request.url)) return;
    if (request.method === 'GET' || request.method === 'HEAD') {
      const path = request.url.split('?')[0] ?? '/';
      return reply.redirect(path === '/' ? '/login' : `/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    return reply.redirect('/login', 303);
  });

  await app.register(backofficeLoginRoutes({ ...deps, sessions }));
  for (const routes of BACKOFFICE_ROUTES) await app.register(routes(deps));
  return app;
}
