/**
 * The catalogue of coded errors that end a request: code → HTTP status. Each code has a translated title and body in
 * the dictionaries (`error.<code>.title`, `error.<code>.body`), which TypeScript checks through `errorMessageKeys`.
 * Expected outcomes (a wrong password, a declined card) are not errors: use cases return them as values.
 */
export const ERROR_CATALOGUE = {
  bad_request: 400,
  csrf_invalid: 403,
  /** Signed in, but this account's role does not allow it (the back office's roles: operators/operator-roles.ts). */
  forbidden: 403,
  not_found: 404,
  /** A payment link (orders/payment-link.ts) that is not one we signed, or for another customer's order. */
  payment_link_invalid: 400,
  payment_link_other_customer: 403,
  /** Signed by us, but its time is over. */
  payment_link_expired: 410,
  /** A valid link to an order that no longer awaits payment. */
  order_already_paid: 409,
  order_cancelled: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    /** For the logs only; never shown to the customer. */
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
    this.statusCode = ERROR_CATALOGUE[code];
  }
}

export function errorMessageKeys(code: ErrorCode) {
  return { title: `error.${code}.title`, body: `error.${code}.body` } as const;
}

/** Maps Fastify's own client errors (bad body, wrong content type, too large) onto the catalogue. */
export function codeOfFastifyError(error: { code?: string; statusCode?: number; validation?: unknown }): ErrorCode {
  if (error.validation) return 'bad_request';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'payload_too_large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported_media_type';
  if (error.statusCode === 404) return 'not_found';
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return 'bad_request';
  return 'internal';
}
