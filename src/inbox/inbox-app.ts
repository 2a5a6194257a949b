import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { readinessRoute } from '../shared/health/readiness.ts';
import { requestLogOptions, trackRequestIds } from '../shared/request-log.ts';
import { requireSandboxToken } from '../shared/sandbox-access.ts';
import type { InboxStore } from './inbox-store.ts';
import { INBOX_CSS, ListPage, MessagePage, NotFoundPage } from './inbox-views.tsx';

/** The inbox pages: nothing runs scripts, styles come from /inbox.css, frames only from the inbox itself. */
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/**
 * A message's own HTML: its inline styles and data: images may show, nothing else loads (no remote images, no
 * scripts), and the `sandbox` directive gives it a unique origin even if opened outside the frame.
 */
const MESSAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/**
 * The inbox's web side (http://localhost:8025): the list, one message (HTML in a sandboxed frame, text, headers, raw
 * source), and the JSON API the tests use: `GET /api/messages` (newest first) and `DELETE /api/messages`.
 */
export async function buildInboxApp(options: {
  store: InboxStore;
  logger: FastifyBaseLogger;
  /** Whether the SMTP side takes mail now: `/healthz` is 503 while it does not. */
  smtpListening: () => boolean;
  /** A public demo's sandbox access token: every page but /healthz then asks for it (shared/sandbox-access.ts). */
  accessToken?: string | undefined;
}): Promise<FastifyInstance> {
  const { store } = options;
  const app = Fastify({ loggerInstance: options.logger.child({ app: 'inbox' }), ...requestLogOptions() });
  trackRequestIds(app);
  if (options.accessToken) {
    requireSandboxToken(app, {
      token: options.accessToken,
      guards: (path) => path !== '/healthz' && path !== '/readyz',
      https: false,
    });
  }

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
  });

  // Like every app's: a load balancer or a start script asks it; the inbox is healthy when it can take mail.
  app.get('/healthz', async (_request, reply) =>
    options.smtpListening()
      ? reply.send({ status: 'ok' })
      : reply.code(503).send({ status: 'unavailable', reason: 'the SMTP side is stopped' }),
  );

  readinessRoute(app, 'inbox', {
    smtp: async () => (options.smtpListening() ? null : 'the SMTP side is stopped'),
  });

  app.get('/inbox.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(INBOX_CSS));

  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(ListPage({ messages: store.list() }).value),
  );

  app.get<{ Params: { id: string } }>('/messages/:id', async (request, reply) => {
    const message = store.get(request.params.id);
    if (!message) return reply.code(404).type('text/html; charset=utf-8').send(NotFoundPage().value);
    const source = store.raw(message.id)?.toString('utf8') ?? '';
    return reply.type('text/html; charset=utf-8').send(MessagePage({ message, raw: source }).value);
  });

  app.get<{ Params: { id: string } }>('/messages/:id/html', async (request, reply) => {
    const message = store.get(request.params.id);
    if (!message?.html) return reply.code(404).type('text/plain; charset=utf-8').send('no HTML part');
    return reply
      .header('content-security-policy', MESSAGE_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(message.html);
  });

  app.get<{ Params: { id: string } }>('/messages/:id/raw', async (request, reply) => {
    const source = store.raw(request.params.id);
    if (!source) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${request.params.id}.eml"`)
      .send(source);
  });

  app.get('/api/messages', async () =>
    store.list().map(({ id, from, to, subject, date, text, html, messageId, deliveries }) => ({
      id,
      from,
      to,
      subject,
      date,
      text,
      html,
      messageId,
      deliveries,
    })),
  );

  app.delete('/api/messages', async () => ({ deleted: store.clear() }));

  // The page's "Delete all" works without JavaScript: a form POST, then back to the list (303).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) =>
    done(null, {}),
  );
  app.post('/clear', async (request, reply) => {
    // Only the inbox's own page may empty it: a page elsewhere could post here. (With no-referrer the browser sends
    // `Origin: null`, so the check is on Sec-Fetch-Site; clients without it are not browsers.)
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return reply.code(403).send('cross-site request refused');
    }
    store.clear();
    return reply.redirect('/', 303);
  });

  return app;
}
