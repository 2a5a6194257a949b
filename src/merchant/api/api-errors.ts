import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/**
 * The API's one catalogue of errors: a stable `code` (what integrations branch on), its HTTP status and the title of
 * its RFC 9457 problem. A code is never renamed once published; docs/api.md lists them.
 */
export const API_ERRORS = {
  invalid_request: { status: 400, title: 'The request is not valid' },
  idempotency_key_missing: { status: 400, title: 'Idempotency-Key header is required on POST' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  insufficient_scope: { status: 403, title: 'This API key may not do this' },
  not_found: { status: 404, title: 'No such resource' },
  customer_not_found: { status: 404, title: 'No such customer' },
  billing_details_not_found: { status: 404, title: 'The customer has given no billing details' },
  service_not_found: { status: 404, title: 'No such service' },
  order_not_found: { status: 404, title: 'No such order' },
  invoice_not_found: { status: 404, title: 'No such invoice or credit note' },
  payment_not_found: { status: 404, title: 'No such payment' },
  card_not_found: { status: 404, title: 'No such card' },
  event_not_found: { status: 404, title: 'No such event' },
  webhook_endpoint_not_found: { status: 404, title: 'No such webhook endpoint' },
  webhook_delivery_not_found: { status: 404, title: 'No such delivery of this webhook endpoint' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  idempotency_key_in_use: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  email_taken: { status: 409, title: 'Another customer has this email' },
  order_not_cancellable: { status: 409, title: 'The order cannot be cancelled' },
  auto_renew_refused: { status: 409, title: 'Automatic renewal cannot be changed so' },
  auto_renew_needs_customer: {
    status: 409,
    title: 'Only the customer can switch automatic renewal on, choosing a card in Area Clienti',
  },
  payment_not_refundable: { status: 409, title: 'The payment has nothing that can be refunded' },
  order_not_payable: { status: 409, title: 'The order is not awaiting payment' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send JSON (Content-Type: application/json)' },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with another request' },
  unknown_product: { status: 422, title: 'No such product' },
  invalid_billing_details: { status: 422, title: 'The billing details are not valid' },
  customer_mismatch: { status: 422, title: 'The service belongs to another customer' },
  refund_exceeds_payment: { status: 422, title: 'The refund is more than what is left of the payment' },
  invalid_url: { status: 422, title: 'The webhook URL is not a valid http(s) URL' },
  target_refused: { status: 422, title: 'The webhook URL points where Cassa may not deliver' },
  invalid_events: { status: 422, title: 'The event types are not valid' },
  invalid_description: { status: 422, title: 'The description is not valid' },
  invalid_overlap: { status: 422, title: 'The overlap is not valid' },
  rate_limited: { status: 429, title: 'Too many requests for this API key' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** Problem types are URNs, not links: docs/api.md lists every code (RFC 9457 allows a type that does not resolve). */
const TYPE_BASE = 'urn:cassa:problem:';

export interface FieldError {
  /** Dotted path of the field (`email`, `lines.0.quantity`); empty for the body or query as a whole. */
  field: string;
  message: string;
}

/** A refusal the API answers as a problem: thrown by routes and hooks, rendered by the app's error handler. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? API_ERRORS[code].title);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERRORS[this.code].status;
  }
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, with a stable `code`.' });

export type Problem = z.infer<typeof problemSchema>;

export function problemBody(error: ApiError): Problem {
  const entry = API_ERRORS[error.code];
  return {
    type: `${TYPE_BASE}${error.code}`,
    title: entry.title,
    status: entry.status,
    ...(error.detail ? { detail: error.detail } : {}),
    code: error.code,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.extra.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.extra.retryAfterSeconds));
  return reply
    .code(error.status)
    .type('application/problem+json')
    .serializer((body: unknown) => JSON.stringify(body))
    .send(problemBody(error));
}
