import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SANDBOX_TOKEN_COOKIE = 'cassa_sandbox';
const QUERY_PARAM = 'token';

const digest = (value: string) => createHash('sha256').update(value).digest();

function presented(request: FastifyRequest): { token: string; fromQuery: boolean } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), fromQuery: false };
  const query = (request.query as Record<string, unknown> | undefined)?.[QUERY_PARAM];
  if (typeof query === 'string') return { token: query, fromQuery: true };
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SANDBOX_TOKEN_COOKIE) return { token: decodeURIComponent(value.join('=')), fromQuery: false };
  }
  return undefined;
}

function withoutToken(url: string): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.delete(QUERY_PARAM);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * Puts a public demo's test pages (the sandbox bank's phone and app, the built-in inbox) behind the sandbox access
 * token (SANDBOX_TOKEN, production-posture.ts): without it they would show every visitor's codes and emails and let
 * anyone approve anyone's payment. The token is taken from `Authorization: Bearer`, from `?token=` (a link to share
 * with testers: it is then kept in an HttpOnly cookie and taken out of the address, so it does not linger in history
 * or a Referer) or from that cookie. Anything else is a 401 that says what is missing.
 */
export function requireSandboxToken(
  app: FastifyInstance,
  options: { token: string; guards: (path: string) => boolean; https: boolean },
): void {
  const expected = digest(options.token);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (!options.guards(path)) return;
    const given = presented(request);
    if (given && timingSafeEqual(digest(given.token), expected)) {
      if (!given.fromQuery || request.method !== 'GET') return;
      const secure = options.https ? '; Secure' : '';
      reply.header(
        'set-cookie',
        `${SANDBOX_TOKEN_COOKIE}=${encodeURIComponent(given.token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      );
      return reply.redirect(withoutToken(request.url), 303);
    }
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="sandbox"')
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(
        'Ambiente di prova: questa pagina richiede il token di accesso della sandbox (SANDBOX_TOKEN, mostrato nel log di ' +
          'avvio): aprila con ?token=<token>.\nTest environment: this page needs the sandbox access token (SANDBOX_TOKEN, shown in the start log): open it with ?token=<token>.\n',
      );
  });
}
