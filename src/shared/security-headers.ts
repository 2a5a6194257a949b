import type { FastifyInstance } from 'fastify';

/** A Content-Security-Policy as directive (camelCase, as helmet takes it) → sources; `upgradeInsecureRequests: []`. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export interface SecurityHeaderOptions {
  csp: CspDirectives;
  /** Served over https: HSTS. Over http a browser ignores it, and a site served over http must not claim otherwise. */
  https: boolean;
  referrerPolicy: 'same-origin' | 'no-referrer';
}

/**
 * Every answer's security headers, the same set helmet sends with its defaults (the test proves it, header for
 * header), computed once per app instead of by helmet's middleware on every request: they do not depend on the
 * request, and building them per request halved what a bare Fastify app answers per second (docs/performance.md).
 * A route that needs another policy sets its own header, which replaces this one.
 */
export function securityHeaders(options: SecurityHeaderOptions): Readonly<Record<string, string>> {
  return {
    'content-security-policy': Object.entries(options.csp)
      .map(([name, sources]) => {
        const directive = name.replace(/[A-Z]/gu, (letter) => `-${letter.toLowerCase()}`);
        return sources.length > 0 ? `${directive} ${sources.join(' ')}` : directive;
      })
      .join(';'),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': options.referrerPolicy,
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
}

/** Sends `headers` with every answer of the app, errors and 404s included. */
export function registerStaticHeaders(app: FastifyInstance, headers: Readonly<Record<string, string>>): void {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
