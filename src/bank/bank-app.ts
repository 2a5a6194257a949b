import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { treeDir } from '../locations.ts';
import { databaseReachable, migrationsApplied, readinessRoute } from '../shared/health/readiness.ts';
import { registerFavicon } from '../shared/html/favicon.ts';
import { requestLogOptions, trackRequestIds } from '../shared/request-log.ts';
import { requireSandboxToken } from '../shared/sandbox-access.ts';
import { registerStaticHeaders } from '../shared/security-headers.ts';
import { apiPlugin } from './api/api-plugin.ts';
import { bankContext } from './bank-context.ts';
import type { BankDeps } from './bank-deps.ts';
import { bankMigrations } from './db/migrations/index.ts';
import { bankSecurityHeaders } from './hosted/csp.ts';
import { registerHostedRoutes } from './hosted/hosted-routes.ts';
import { MessagePage } from './hosted/layout.tsx';
import { messagesFor } from './i18n/messages.ts';
import { bankLogger } from './logging.ts';
import { isSandboxPage, registerSandboxRoutes } from './sandbox/sandbox-routes.ts';

export type { BankDeps } from './bank-deps.ts';

const ASSETS = treeDir('bank/assets');

/**
 * Builds the Banca Sandbox app (not listening): the hosted payment pages under /pay, the sandbox phone and app
 * (/sms, /app), the signed merchant API under /api/v1, and GET /healthz.
 */
export async function buildBankApp(deps: BankDeps): Promise<FastifyInstance> {
  // Redaction is the backstop: card numbers are already wrapped so they mask themselves, and CVVs are never logged.
  const logger = bankLogger(deps.logger);
  const ctx = bankContext({ ...deps, logger });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // The merchant's calls carry its request id (the adapter sends it): the bank's lines then share it.
    ...requestLogOptions({ trustsGivenId: (request) => request.url?.startsWith('/api/v1/') === true }),
  });
  trackRequestIds(app);

  const https = deps.config.publicUrl.startsWith('https://');
  registerStaticHeaders(app, bankSecurityHeaders(https));
  await app.register(cookie);
  if (deps.config.sandboxToken) {
    requireSandboxToken(app, { token: deps.config.sandboxToken, guards: isSandboxPage, https });
  }
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', index: false, maxAge: '1h' });
  registerFavicon(app);

  readinessRoute(app, 'bank', {
    database: databaseReachable(ctx.db as Kysely<unknown>),
    migrations: migrationsApplied(ctx.db as Kysely<unknown>, bankMigrations),
  });
  // Liveness, without the database (shared/health/liveness.ts); /readyz tells whether the bank can serve.
  app.get('/healthz', async () => ({ status: 'ok' }));

  await app.register(async (pages) => {
    registerHostedRoutes(pages, ctx);
    registerSandboxRoutes(pages, ctx);
  });
  await app.register(apiPlugin, { prefix: '/api/v1', ctx });

  app.setNotFoundHandler((_request, reply) => {
    const m = messagesFor('it');
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(MessagePage({ locale: 'it', title: m.notFoundTitle, text: m.notFoundText }).toString());
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, 'bank page failed');
    const title = status === 500 ? 'Errore' : 'Richiesta non valida';
    const text = status === 500 ? 'Si è verificato un errore. Riprova tra poco.' : 'La richiesta non è valida.';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(MessagePage({ locale: 'it', title, text }).toString());
  });
  return app;
}
