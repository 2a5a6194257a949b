import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { requestPasswordReset } from '../customers/request-password-reset.ts';
import { isResetTokenUsable, PASSWORD_MIN_LENGTH, resetPassword } from '../customers/reset-password.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { waitText } from './login-views.tsx';
import {
  FORGOT_PATH,
  ForgotPasswordPage,
  InvalidResetLinkPage,
  NEW_PASSWORD_PATH,
  NewPasswordPage,
} from './password-reset-views.tsx';

const ForgotForm = z.object({ email: z.string().trim().max(254).email() });
const NewPasswordForm = z.object({
  token: z.string().max(100),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});

/** Where the login page says the password was changed. */
export const PASSWORD_CHANGED_LOGIN = '/login?password_changed=1';

/**
 * "Password dimenticata?" → the email form → one answer for every email → the link by email → the new password, twice
 * → the login page. Only for visitors who are not signed in: a signed-in customer is sent home.
 */
export function passwordResetRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  sessions: SessionManager;
  limiter: RateLimiter;
}) {
  return async (app: FastifyInstance) => {
    app.get(FORGOT_PATH, async (request, reply) => {
      if (request.customer) return reply.redirect('/', 303);
      await deps.sessions.ensure(request, reply, null);
      return sendPage(reply, ForgotPasswordPage({ page: pageContext(request, 'app.area', '/logout') }));
    });

    app.post(FORGOT_PATH, async (request, reply) => {
      const page = pageContext(request, 'app.area', '/logout');
      const form = ForgotForm.safeParse(request.body);
      if (!form.success) {
        const email = (request.body as { email?: unknown } | undefined)?.email;
        return sendPage(
          reply,
          ForgotPasswordPage({
            page,
            notice: { kind: 'invalid' },
            email: typeof email === 'string' ? email.slice(0, 254) : '',
          }),
          400,
        );
      }
      const result = await requestPasswordReset(
        { db: deps.db, clock: deps.clock, limiter: deps.limiter },
        { email: form.data.email, locale: request.i18n.locale, ip: request.ip },
      );
      if (result.kind === 'rate_limited') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const wait = waitText(request.i18n.t, result.retryAfterSeconds);
        return sendPage(
          reply,
          ForgotPasswordPage({ page, notice: { kind: 'rate_limited', wait }, email: form.data.email }),
          429,
        );
      }
      request.log.info('password reset asked');
      // Rendered, not redirected: the answer repeats the address typed, which a URL must not carry into logs.
      return sendPage(reply, ForgotPasswordPage({ page, notice: { kind: 'sent', email: form.data.email } }));
    });

    app.get(NEW_PASSWORD_PATH, async (request, reply) => {
      const token = (request.query as { token?: unknown }).token;
      await deps.sessions.ensure(request, reply, null);
      const page = pageContext(request, 'app.area', '/logout');
      if (typeof token !== 'string' || !(await isResetTokenUsable(deps.db, deps.clock, token)))
        return sendPage(reply, InvalidResetLinkPage({ page }), 410);
      return sendPage(reply, NewPasswordPage({ page, token, minLength: PASSWORD_MIN_LENGTH }));
    });

    app.post(NEW_PASSWORD_PATH, async (request, reply) => {
      const page = pageContext(request, 'app.area', '/logout');
      const form = NewPasswordForm.safeParse(request.body);
      if (!form.success) return sendPage(reply, InvalidResetLinkPage({ page }), 400);
      const { token, password, confirm } = form.data;
      const error = password.length < PASSWORD_MIN_LENGTH ? 'too_short' : password !== confirm ? 'mismatch' : undefined;
      if (error) {
        if (!(await isResetTokenUsable(deps.db, deps.clock, token)))
          return sendPage(reply, InvalidResetLinkPage({ page }), 410);
        return sendPage(reply, NewPasswordPage({ page, token, minLength: PASSWORD_MIN_LENGTH, error }), 400);
      }
      const result = await resetPassword({ db: deps.db, clock: deps.clock }, { token, password });
      if (result.kind === 'invalid_token') return sendPage(reply, InvalidResetLinkPage({ page }), 410);
      // The customer's sessions are gone, this browser's included if it was signed in: it starts afresh.
      await deps.sessions.end(request, reply);
      request.log.info({ customerId: result.customerId }, 'password reset: password changed, sessions ended');
      return reply.redirect(PASSWORD_CHANGED_LOGIN, 303);
    });
  };
}
