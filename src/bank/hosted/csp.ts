/**
 * The bank pages' Content-Security-Policy: no scripts at all, styles only from the bank's own stylesheet, forms only
 * to the bank itself — card data can be posted nowhere else. The result page alone adds the merchant's origin to
 * form-action, because "torna al negozio" is a form whose answer is a redirect to the shop (Chrome checks redirects
 * of a form submission against form-action too).
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

export function cspWithFormTargets(origins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${origins.join(' ')}`.trim(),
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
