import { securityHeaders } from '../../shared/security-headers.ts';

/**
 * The bank pages' Content-Security-Policy: no scripts at all, styles only from the bank's own stylesheet, forms only
 * to the bank itself — card data can be posted nowhere else. Two pages loosen it, each for one reason and no more:
 * - the result page adds the merchant's origin to form-action, because "torna al negozio" is a form whose answer is
 *   a redirect to the shop (Chrome checks redirects of a form submission against form-action too);
 * - the bank-app wait allows the bank's own script file (`script-src 'self'`, no inline script) and lets it ask the
 *   bank for the approval's status (`connect-src 'self'`). It is not the card form: no card data is on that page.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

/** The bank's headers on every answer; HSTS only over https (a bank served over http must not claim otherwise). */
export function bankSecurityHeaders(https: boolean) {
  return securityHeaders({ csp: CSP_DIRECTIVES, https, referrerPolicy: 'no-referrer' });
}

export function hostedPageCsp(options: { formTargets?: readonly string[]; ownScripts?: boolean }): string {
  return [
    "default-src 'none'",
    options.ownScripts ? "script-src 'self'" : "script-src 'none'",
    ...(options.ownScripts ? ["connect-src 'self'"] : []),
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${(options.formTargets ?? []).join(' ')}`.trim(),
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
