/**
 * The bank's catalogue of coded errors: code → HTTP status and the message an integrating developer reads.
 * Expected outcomes (a decline, a failed authentication) are not errors: they are states and decline codes.
 */
export const BANK_ERRORS = {
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_request: { status: 400, message: 'The request does not match the schema; see details.' },
  idempotency_key_missing: { status: 400, message: 'Every POST needs an Idempotency-Key header (1-255 characters).' },
  merchant_unknown: { status: 401, message: 'Cassa-Merchant is missing or names no merchant.' },
  signature_missing: { status: 401, message: 'The Cassa-Signature header is missing.' },
  signature_malformed: {
    status: 401,
    message: 'Cassa-Signature must be t=<unix seconds>,n=<hex nonce>,v1=<hex HMAC-SHA256>.',
  },
  signature_expired: { status: 401, message: 'The signature timestamp is more than 300 seconds from the bank clock.' },
  signature_invalid: { status: 401, message: 'The signature does not match the request.' },
  signature_replayed: {
    status: 401,
    message: 'This signature was already used: sign every request afresh, with a new nonce.',
  },
  not_found: { status: 404, message: 'No such resource.' },
  payment_session_not_found: { status: 404, message: 'No such payment session for this merchant.' },
  charge_not_found: { status: 404, message: 'No such charge for this merchant.' },
  card_not_found: { status: 404, message: 'No such card token for this merchant and customer.' },
  idempotency_key_in_use: { status: 409, message: 'A request with this Idempotency-Key is still being processed.' },
  not_refundable: {
    status: 409,
    message: 'Only captured money can be refunded: a captured payment or an approved charge (void an authorization).',
  },
  not_capturable: { status: 409, message: 'Only an authorized payment session can be captured.' },
  not_voidable: {
    status: 409,
    message: 'Only an authorized payment session can be voided (refund a captured one instead).',
  },
  payload_too_large: { status: 413, message: 'The body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was used with a different request.' },
  url_not_allowed: {
    status: 422,
    message: "return_url and notify_url must be on one of the merchant's registered origins.",
  },
  capture_exceeds_authorized: { status: 422, message: 'The capture would exceed the amount authorized.' },
  refund_exceeds_captured: {
    status: 422,
    message: 'The refund would exceed the amount captured minus earlier refunds.',
  },
  internal_error: {
    status: 500,
    message: 'The bank could not process the request; retry with the same Idempotency-Key.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type BankErrorCode = keyof typeof BANK_ERRORS;

export class BankError extends Error {
  override name = 'BankError';
  readonly status: number;
  constructor(
    readonly code: BankErrorCode,
    readonly details?: unknown,
  ) {
    super(BANK_ERRORS[code].message);
    this.status = BANK_ERRORS[code].status;
  }
}

/** The JSON body of every API error. */
export function errorBody(
  code: BankErrorCode,
  details?: unknown,
): { error: { code: string; message: string; details?: unknown } } {
  return { error: { code, message: BANK_ERRORS[code].message, ...(details === undefined ? {} : { details }) } };
}
