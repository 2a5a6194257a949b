import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticateOperator } from '../operators/authenticate-operator.ts';
import { findOperatorById, setPendingTotpSecret } from '../operators/operator-repository.ts';
import { newTotpSecret, totpEnrolment } from '../operators/totp.ts';
import { verifyOperatorCode } from '../operators/verify-operator-code.ts';
import { LoginThrottle } from '../rate-limits/login-throttle.ts';
import { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { AppError } from '../web/errors.ts';
import { isLocale } from '../web/i18n/i18n.ts';
import { LOCALE_COOKIE } from '../web/locale-routes.ts';
import { safeReturnPath } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import type { BackofficeDeps } from './backoffice-deps.ts';
import { sendBackofficePage } from './backoffice-page.tsx';
import { OperatorCodeForm, OperatorEnrolForm, OperatorLoginForm, type OperatorLoginNotice } from './login-views.tsx';

const LoginForm = z.object({ email: z.string().max(254), password: z.string().max(1024), next: z.string().optional() });
const CodeForm = z.object({ code: z.string().max(20), next: z.string().optional() });

/** Where a login leads back to: a path of this app (never another site), and never back to the login itself. */
function nextPath(value: unknown): string | undefined {
  const path = safeReturnPath(value);
  return path === '/' || path.startsWith('/login') ? undefined : path;
}

/**
 * The back office's sign-in: email and password ("Accedi"), then the TOTP code when the operator enrolled, or the
 * enrolment itself when codes are required (BACKOFFICE_REQUIRE_TOTP) and the operator has none yet. Between the two
 * steps the session holds only the operator it waits for, which opens no page.
 */
export function backofficeLoginRoutes(deps: BackofficeDeps & { sessions: SessionManager }) {
  const limiter = new RateLimiter(deps.db, deps.clock);
  const throttle = new LoginThrottle(deps.db, deps.clock);

  const localeOf = (request: FastifyRequest) => {
    const chosen = request.cookies[LOCALE_COOKIE];
    return isLocale(chosen) ? chosen : request.i18n.locale;
  };
  const signIn = async (request: FastifyRequest, reply: FastifyReply, operatorId: number, next: unknown) => {
    await deps.sessions.startOperator(request, reply, operatorId, localeOf(request));
    request.log.info({ operatorId }, 'operator signed in');
    return reply.redirect(nextPath(next) ?? '/', 303);
  };
  const pendingOf = (request: FastifyRequest, enrol: boolean) => {
    const pending = request.session?.pendingOperator;
    return pending && pending.enrol === enrol ? pending : null;
  };

  return async (app: FastifyInstance) => {
    app.get('/login', async (request, reply) => {
      if (request.operator) return reply.redirect('/', 303);
      const session = await deps.sessions.ensure(request, reply, null);
      const query = request.query as Record<string, unknown>;
      const next = nextPath(query.next);
      return sendBackofficePage(request, reply, {
        title: request.i18n.t('bo.login.title'),
        children: OperatorLoginForm({
          i18n: request.i18n,
          csrfToken: session.csrfToken,
          ...(next ? { next } : {}),
          ...(query.logged_out === '1' ? { notice: { kind: 'logged_out' } } : {}),
        }),
      });
    });

    app.post('/login', async (request, reply) => {
      const form = LoginForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'login form');
      const result = await authenticateOperator(
        deps.db,
        { email: form.data.email, password: form.data.password, ip: request.ip },
        { limiter, throttle },
      );
      if (result.kind !== 'authenticated') {
        request.log.info({ outcome: result.kind }, 'operator login refused');
        if (result.kind === 'rate_limited') reply.header('retry-after', String(result.retryAfterSeconds));
        const next = nextPath(form.data.next);
        return sendBackofficePage(request, reply, {
          title: request.i18n.t('bo.login.title'),
          status: result.kind === 'rate_limited' ? 429 : 401,
          children: OperatorLoginForm({
            i18n: request.i18n,
            csrfToken: request.session?.csrfToken ?? '',
            email: form.data.email,
            notice: result,
            ...(next ? { next } : {}),
          }),
        });
      }
      const operator = result.operator;
      const next = nextPath(form.data.next);
      const suffix = next ? `?next=${encodeURIComponent(next)}` : '';
      if (operator.totp_enabled_at !== null) {
        await deps.sessions.startPendingOperator(request, reply, { operatorId: operator.id, enrol: false }, null);
        return reply.redirect(`/login/codice${suffix}`, 303);
      }
      if (deps.config.backoffice.requireTotp) {
        await deps.sessions.startPendingOperator(request, reply, { operatorId: operator.id, enrol: true }, null);
        return reply.redirect(`/login/attiva${suffix}`, 303);
      }
      return signIn(request, reply, operator.id, form.data.next);
    });

    app.get('/login/codice', async (request, reply) => {
      if (!pendingOf(request, false) || !request.session) return reply.redirect('/login', 303);
      const next = nextPath((request.query as Record<string, unknown>).next);
      return sendBackofficePage(request, reply, {
        title: request.i18n.t('bo.login.codeTitle'),
        children: OperatorCodeForm({
          i18n: request.i18n,
          csrfToken: request.session.csrfToken,
          ...(next ? { next } : {}),
        }),
      });
    });

    app.post('/login/codice', async (request, reply) =>
      checkCode(request, reply, false, (notice, status) => {
        const next = nextPath((request.body as Record<string, unknown>)?.next);
        return sendBackofficePage(request, reply, {
          title: request.i18n.t('bo.login.codeTitle'),
          status,
          children: OperatorCodeForm({
            i18n: request.i18n,
            csrfToken: request.session?.csrfToken ?? '',
            notice,
            ...(next ? { next } : {}),
          }),
        });
      }),
    );

    app.get('/login/attiva', async (request, reply) => {
      const pending = pendingOf(request, true);
      if (!pending) return reply.redirect('/login', 303);
      return sendEnrolment(request, reply, pending.operatorId, undefined, 200);
    });

    app.post('/login/attiva', async (request, reply) =>
      checkCode(request, reply, true, (notice, status) => {
        const pending = pendingOf(request, true);
        if (!pending) return reply.redirect('/login', 303);
        return sendEnrolment(request, reply, pending.operatorId, notice, status);
      }),
    );

    app.post('/logout', async (request, reply) => {
      await deps.sessions.end(request, reply);
      return reply.redirect('/login?logged_out=1', 303);
    });
  };

  async function checkCode(
    request: FastifyRequest,
    reply: FastifyReply,
    enrol: boolean,
    refuse: (notice: OperatorLoginNotice, status: number) => FastifyReply | Promise<FastifyReply>,
  ) {
    const pending = pendingOf(request, enrol);
    if (!pending) return reply.redirect('/login', 303);
    const form = CodeForm.safeParse(request.body);
    if (!form.success) throw new AppError('bad_request', 'code form');
    const result = await verifyOperatorCode(
      deps.db,
      { operatorId: pending.operatorId, code: form.data.code, ip: request.ip, enrol },
      { clock: deps.clock, throttle },
    );
    if (result.kind === 'accepted') {
      if (enrol) request.log.info({ operatorId: result.operator.id }, 'operator enrolled a TOTP authenticator');
      return signIn(request, reply, result.operator.id, form.data.next);
    }
    request.log.info({ outcome: result.kind, operatorId: pending.operatorId }, 'operator code refused');
    if (result.kind === 'rate_limited') reply.header('retry-after', String(result.retryAfterSeconds));
    return refuse(result, result.kind === 'rate_limited' ? 429 : 401);
  }

  /** The enrolment page: a secret is made once per enrolment and kept until a code confirms it. */
  async function sendEnrolment(
    request: FastifyRequest,
    reply: FastifyReply,
    operatorId: number,
    notice: OperatorLoginNotice | undefined,
    status: number,
  ) {
    const operator = await findOperatorById(deps.db, operatorId);
    if (!operator || operator.totp_enabled_at !== null) return reply.redirect('/login', 303);
    let secret = operator.totp_secret;
    if (!secret) {
      secret = newTotpSecret();
      await setPendingTotpSecret(deps.db, operator.id, secret);
    }
    const { qrSvg } = await totpEnrolment(secret, {
      email: operator.email,
      issuer: `${request.brand.name} back office`,
    });
    const next = nextPath(
      (request.query as Record<string, unknown>).next ?? (request.body as { next?: unknown } | undefined)?.next,
    );
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.enrol.title'),
      status,
      children: OperatorEnrolForm({
        i18n: request.i18n,
        csrfToken: request.session?.csrfToken ?? '',
        action: '/login/attiva',
        qrSvg,
        secret,
        ...(notice ? { notice } : {}),
        ...(next ? { next } : {}),
      }),
    });
  }
}
