import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { bankSecurityHeaders, CSP_DIRECTIVES } from '../bank/hosted/csp.ts';
import { webSecurityHeaders } from '../merchant/web/security-headers.ts';
import { registerStaticHeaders } from './security-headers.ts';

/** What helmet itself sends for the same options: the set our precomputed headers must equal, header for header. */
async function helmetHeaders(options: Parameters<typeof helmet>[1]): Promise<Record<string, unknown>> {
  const app = Fastify();
  await app.register(helmet, options);
  app.get('/', async () => 'x');
  const { headers } = await app.inject('/');
  const { 'content-type': _, 'content-length': __, date: ___, connection: ____, ...security } = headers;
  await app.close();
  return security;
}

describe('security headers, computed once per app', () => {
  it.each([false, true])('the web apps send what helmet would (https: %s)', async (https) => {
    const formTargets = ['http://pay.test', 'http://bank.test'];
    const expected = await helmetHeaders({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'", ...formTargets],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    });
    expect(webSecurityHeaders({ https, formTargets })).toEqual(expected);
  });

  it.each([false, true])('the bank sends what helmet would (https: %s)', async (https) => {
    const expected = await helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
    });
    expect(bankSecurityHeaders(https)).toEqual(expected);
  });

  it('are on every answer, a 404 and an error included; a route may replace its policy', async () => {
    const app = Fastify();
    registerStaticHeaders(app, webSecurityHeaders({ https: false, formTargets: [] }));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    app.get('/own', async (_request, reply) => reply.header('content-security-policy', "default-src 'self'").send('x'));
    for (const url of ['/missing', '/fails']) {
      const response = await app.inject(url);
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['content-security-policy'], url).toMatch(/^default-src 'none';/u);
    }
    expect((await app.inject('/own')).headers['content-security-policy']).toBe("default-src 'self'");
    await app.close();
  });
});
