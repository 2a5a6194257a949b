import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import { authenticateCustomer } from '../customers/authenticate-customer.ts';
import { PAYMENT_LINK_PATH } from '../orders/payment-link.ts';
import type { LoginThrottle } from '../rate-limits/login-throttle.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { AppError } from '../web/errors.ts';
import { isLocale } from '../web/i18n/i18n.ts';
import { LOCALE_COOKIE } from '../web/locale-routes.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { CONTACT_PATH } from './help-views.tsx';
import { LoginPage } from './login-views.tsx';

// Generous bounds: they only stop absurd inputs (argon2 would hash a megabyte password happily, and slowly).
const LoginForm = z.object({ email: z.string().max(254), password: z.string().max(1024), next: z.string().optional() });

/**
 * Where a login may lead back to: only this app's own "Paga" hand-off and the contact form (never another site, never
 * a crafted path).
 */
function safeNext(value: unknown): string | undefined {
  if (value === CONTACT_PATH) return value;
  if (typeof value === 'string' && PAYMENT_LINK_PATH.test(value)) return value;
  return typeof value === 'string' && /^\/paga\/ORD-\d{4}-\d{6,12}(\?to=card)?$/.test(value) ? value : undefined;
}

export function loginRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  sessions: SessionManager;
  limiter: RateLimiter;
  throttle: LoginThrottle;
}) {
  return async (app: FastifyInstance) => {
    app.get('/login', async (request, reply) => {
      if (request.customer) return reply.redirect('/', 303);
      await deps.sessions.ensure(request, reply, null);
      const loggedOut = (request.query as Record<string, unknown>).logged_out === '1';
      const passwordChanged = (request.query as Record<string, unknown>).password_changed === '1';
      const page = pageContext(request, 'app.area', '/logout');
      const next = safeNext((request.query as Record<string, unknown>).next);
      return sendPage(
        reply,
        LoginPage({
          page,
          ...(next ? { next } : {}),
          ...(loggedOut ? { notice: { kind: 'logged_out' } } : {}),
          ...(passwordChanged ? { notice: { kind: 'password_changed' } } : {}),
        }),
      );
    });

    app.post('/login', async (request, reply) => {
      const form = LoginForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'login form');
      const { email, password } = form.data;
      const result = await authenticateCustomer(
        deps.db,
        { email, password, ip: request.ip },
        { limiter: deps.limiter, throttle: deps.throttle },
      );

      if (result.kind !== 'authenticated') {
        const page = pageContext(request, 'app.area', '/logout');
        if (result.kind === 'rate_limited') reply.header('retry-after', String(result.retryAfterSeconds));
        request.log.info(
          { outcome: result.kind, ...(result.kind === 'rate_limited' ? { by: result.by } : {}) },
          'login refused',
        );
        const next = safeNext(form.data.next);
        return sendPage(
          reply,
          LoginPage({ page, email, notice: result, ...(next ? { next } : {}) }),
          result.kind === 'rate_limited' ? 429 : 401,
        );
      }

      // A language picked on this browser before logging in wins over the one saved on the account.
      const chosen = request.cookies[LOCALE_COOKIE];
      const locale = isLocale(chosen) ? chosen : result.customer.locale;
      await deps.sessions.start(request, reply, result.customer.id, locale);
      request.log.info({ customerId: result.customer.id }, 'customer logged in');
      return reply.redirect(safeNext(form.data.next) ?? '/', 303);
    });

    // Signing out of Area Clienti also ends the customer's Pagamenti sessions, which the hand-off started from here:
    // one left open could still pay with a saved card.
    app.post('/logout', async (request, reply) => {
      await deps.sessions.end(request, reply, { alsoIn: ['pay'] });
      return reply.redirect('/login?logged_out=1', 303);
    });
  };
}
