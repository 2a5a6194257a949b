import type { FastifyInstance } from 'fastify';
import { registerStaticHeaders, securityHeaders } from '../../shared/security-headers.ts';

/**
 * A strict Content-Security-Policy: no inline script or style anywhere (CSS is a static file), forms may post only
 * to this origin and to `formTargets` (e.g. Pagamenti), and no one may frame our pages (clickjacking). HSTS and
 * upgrade-insecure-requests only when served over https: on http://localhost they would break the site.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean; formTargets: readonly string[] },
): void {
  registerStaticHeaders(app, webSecurityHeaders(options));
}

export function webSecurityHeaders(options: { https: boolean; formTargets: readonly string[] }) {
  return securityHeaders({
    csp: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'", ...options.formTargets],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      ...(options.https ? { upgradeInsecureRequests: [] } : {}),
    },
    https: options.https,
    referrerPolicy: 'same-origin',
  });
}
