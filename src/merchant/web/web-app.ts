import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { BrandConfig } from '../../config.ts';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import { treeDir } from '../../locations.ts';
import type { Clock } from '../../shared/clock.ts';
import { registerFavicon } from '../../shared/html/favicon.ts';
import { findCustomerById } from '../customers/customer-repository.ts';
import { brandRoutes, DEFAULT_BRAND } from './brand.ts';
import { checkCsrf } from './csrf.ts';
import { ErrorPage } from './error-views.tsx';
import { AppError, codeOfFastifyError, ERROR_CATALOGUE } from './errors.ts';
import { healthRoutes } from './health-routes.ts';
import { DEFAULT_LOCALE, i18nFor, isLocale, localeFromAcceptLanguage } from './i18n/i18n.ts';
import type { MessageKey } from './i18n/messages-it.ts';
import { LOCALE_COOKIE, localeRoutes } from './locale-routes.ts';
import { pageContext, sendPage } from './render.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { WebApp } from './session-repository.ts';
import { DEFAULT_TIMEOUTS, SessionManager } from './sessions.ts';
import './request-context.ts';
import { requestLogOptions, trackRequestIds } from '../../shared/request-log.ts';

export interface WebAppOptions {
  app: WebApp;
  appName: MessageKey;
  db: Kysely<MerchantDatabase>;
  logger: FastifyBaseLogger;
  clock: Clock;
  /** The app's public URL: https there makes cookies Secure and turns HSTS on. */
  publicUrl: string;
  cookieName: string;
  /** Other origins this app's forms may post to (CSP form-action). */
  formTargets?: readonly string[];
  logoutAction?: string;
  timeouts?: { idleTimeoutMs: number; absoluteTimeoutMs: number };
  /** See Config.trustProxy. */
  trustProxy?: boolean | string;
  /** config.businessTimeZone: pages show instants as dates there. */
  timeZone: string;
  /** config.brand: the provider's name, colour and logo in the header. */
  brand?: BrandConfig;
}

const PUBLIC_DIR = treeDir('merchant/web/public');

// Requests that need neither a session nor a language: skipping them keeps static files and probes off the database.
const isInfrastructure = (url: string) => url.startsWith('/assets/') || url === '/healthz' || url === '/readyz';

/**
 * The common ground of the customer-facing apps (Area Clienti now, Pagamenti next): request ids in logs, cookies,
 * form bodies, security headers, the stylesheet, DB sessions, language, CSRF on every POST, `/healthz`, the language
 * switch, and one error handler that renders a translated page for every failure. Feature routes register on top.
 */
export async function createWebApp(
  options: WebAppOptions,
): Promise<{ app: FastifyInstance; sessions: SessionManager }> {
  const https = options.publicUrl.startsWith('https:');
  const app = Fastify({
    loggerInstance: options.logger.child({ app: options.app }),
    bodyLimit: 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    ...requestLogOptions(),
  });
  trackRequestIds(app);
  const sessions = new SessionManager(options.db, options.clock, {
    app: options.app,
    cookieName: options.cookieName,
    secure: https,
    ...(options.timeouts ?? DEFAULT_TIMEOUTS),
  });

  await app.register(cookie);
  await app.register(formbody);
  registerSecurityHeaders(app, { https, formTargets: options.formTargets ?? [] });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '1h', index: false });
  const brand = options.brand ?? DEFAULT_BRAND;
  await app.register(brandRoutes(brand));
  registerFavicon(app);

  app.decorateRequest('session', null);
  app.decorateRequest('customer', null);
  app.decorateRequest('brand', null as never);
  // Set by the onRequest hook; an error raised before it (or on a static file) falls back in `ensureI18n`.
  app.decorateRequest('i18n', null as never);

  app.addHook('onRequest', async (request, reply) => {
    request.brand = brand;
    if (isInfrastructure(request.url)) return;
    request.session = await sessions.load(request, reply);
    const customerId = request.session?.customerId;
    if (customerId) {
      request.customer = request.session?.customer ?? (await findCustomerById(options.db, customerId)) ?? null;
    }
    request.i18n = i18nFor(resolveLocale(request), options.timeZone);
  });
  app.addHook('preHandler', async (request) => checkCsrf(request));

  app.setErrorHandler(async (error, request, reply) => {
    ensureI18n(request, options.timeZone);
    const code = error instanceof AppError ? error.code : codeOfFastifyError(error as never);
    const status = ERROR_CATALOGUE[code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code, reason: (error as Error).message }, 'request refused');
    return sendPage(
      reply,
      ErrorPage({ page: pageContext(request, options.appName, options.logoutAction), code }),
      status,
    );
  });
  app.setNotFoundHandler(async (request, reply) => {
    ensureI18n(request, options.timeZone);
    return sendPage(
      reply,
      ErrorPage({ page: pageContext(request, options.appName, options.logoutAction), code: 'not_found' }),
      404,
    );
  });

  await app.register(healthRoutes({ db: options.db, app: options.app }));
  await app.register(localeRoutes({ db: options.db, sessions, secure: https }));
  return { app, sessions };
}

/**
 * The session's choice (the language switch, or the account's language once signed in), else this browser's
 * remembered choice (the switch's cookie), else the browser's Accept-Language, else Italian.
 */
export function resolveLocale(request: FastifyRequest): Locale {
  const fromSession = request.session?.locale;
  if (isLocale(fromSession)) return fromSession;
  const fromCookie = request.cookies?.[LOCALE_COOKIE];
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LOCALE;
}

function ensureI18n(request: FastifyRequest, timeZone: string): void {
  if (!request.i18n) request.i18n = i18nFor(resolveLocale(request), timeZone);
}
