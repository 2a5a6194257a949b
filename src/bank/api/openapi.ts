import { z } from 'zod';
import { BANK_ERRORS } from '../bank-errors.ts';
import { createChargeSchema } from '../charges/create-charge.ts';
import { DECLINE_CODES } from '../charges/decline-codes.ts';
import { createRefundSchema } from '../refunds/create-refund.ts';
import { capturePaymentSchema } from '../sessions/capture-payment.ts';
import { createPaymentSessionSchema } from '../sessions/create-payment-session.ts';
import { PAYMENT_SESSION_TRANSITIONS } from '../sessions/payment-session-states.ts';
import { emptyBodySchema } from '../validation.ts';

/**
 * The merchant API as OpenAPI 3.1, served at GET /api/v1/openapi.json. Request bodies are generated from the same zod
 * schemas that validate them, so the description cannot drift from what the bank accepts.
 */
function requestSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}

const nullableString = { type: ['string', 'null'] };

const paymentSession = {
  type: 'object',
  properties: {
    id: { type: 'string', examples: ['ps_0123456789abcdef0123456789abcdef'] },
    object: { const: 'payment_session' },
    status: { enum: Object.keys(PAYMENT_SESSION_TRANSITIONS) },
    merchant_reference: { type: 'string' },
    amount: { type: 'integer', description: 'cents' },
    currency: { const: 'EUR' },
    description: { type: 'string' },
    customer_reference: { type: 'string' },
    locale: { enum: ['it', 'en'] },
    save_card: { type: 'boolean' },
    redirect_url: { type: 'string', format: 'uri' },
    return_url: { type: 'string', format: 'uri' },
    three_ds: {
      type: ['object', 'null'],
      properties: {
        method: { enum: ['frictionless', 'sms', 'app'] },
        trans_status: { enum: ['Y', 'N', 'U', 'A', 'R', null] },
        eci: nullableString,
      },
    },
    authorization_code: nullableString,
    decline_code: { enum: [...Object.keys(DECLINE_CODES), null] },
    decline_type: { enum: ['hard', 'soft', null] },
    capture_method: { enum: ['automatic', 'manual'] },
    amount_captured: { type: 'integer', description: 'cents taken; 0 until captured' },
    amount_refunded: { type: 'integer' },
    authorization_expires_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'an authorized session not captured by then becomes voided (void_reason lapsed)',
    },
    void_reason: { enum: ['merchant', 'lapsed', null] },
    cancel_reason: {
      enum: ['merchant', 'customer', null],
      description: 'who cancelled the session: the merchant (POST …/cancel) or the customer ("Annulla pagamento")',
    },
    payment_method: { type: ['object', 'null'], properties: { brand: { type: 'string' }, last4: { type: 'string' } } },
    card: { oneOf: [{ $ref: '#/components/schemas/Card' }, { type: 'null' }] },
    created_at: { type: 'string', format: 'date-time' },
    expires_at: { type: 'string', format: 'date-time' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
  },
};

const card = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    brand: { enum: ['visa', 'mastercard', 'amex', 'maestro'] },
    last4: { type: 'string', pattern: '^[0-9]{4}$' },
    exp_month: { type: 'integer' },
    exp_year: { type: 'integer' },
    holder: { type: 'string' },
  },
};

const charge = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'charge' },
    status: { enum: ['approved', 'declined'] },
    card_token: { type: 'string' },
    amount: { type: 'integer' },
    currency: { const: 'EUR' },
    merchant_reference: { type: 'string' },
    reason: { const: 'recurring' },
    authorization_code: nullableString,
    decline_code: { enum: [...Object.keys(DECLINE_CODES), null] },
    decline_type: { enum: ['hard', 'soft', null] },
    amount_refunded: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
  },
};

const refund = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { const: 'refund' },
    status: { const: 'succeeded' },
    payment_id: nullableString,
    charge_id: nullableString,
    amount: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
  },
};

const error = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { enum: Object.keys(BANK_ERRORS) }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errors = { '4XX': { description: 'A coded error', ...json(ref('Error')) } };
const idempotencyKey = { $ref: '#/components/parameters/IdempotencyKey' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export function openApiDocument(publicUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Banca Sandbox merchant API',
      version: '1',
      description:
        'Every request carries Cassa-Merchant and Cassa-Signature: t=<unix>,n=<random hex nonce>,v1=<hex HMAC-SHA256 of ' +
        '"<t>.<n>.<METHOD> <path?query>\\n<Idempotency-Key or empty>\\n<raw body or empty>">; a signature is accepted once ' +
        '(401 signature_replayed). Every POST carries Idempotency-Key. See docs/bank.md.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ merchant: [], signature: [] }],
    components: {
      securitySchemes: {
        merchant: { type: 'apiKey', in: 'header', name: 'Cassa-Merchant' },
        signature: { type: 'apiKey', in: 'header', name: 'Cassa-Signature' },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          schema: { type: 'string', maxLength: 255 },
        },
      },
      schemas: { PaymentSession: paymentSession, Card: card, Charge: charge, Refund: refund, Error: error },
    },
    paths: {
      '/payment-sessions': {
        post: {
          summary: 'Create a payment session and send the customer to its redirect_url',
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(createPaymentSessionSchema)) },
          responses: { 201: { description: 'Created', ...json(ref('PaymentSession')) }, ...errors },
        },
        get: {
          summary: 'Sessions of one merchant reference, newest first (reconciliation)',
          parameters: [{ name: 'merchant_reference', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'List',
              ...json({
                type: 'object',
                properties: { object: { const: 'list' }, data: { type: 'array', items: ref('PaymentSession') } },
              }),
            },
            ...errors,
          },
        },
      },
      '/payment-sessions/{id}': {
        get: {
          summary: 'The authoritative state of a payment session',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The session', ...json(ref('PaymentSession')) }, ...errors },
        },
      },
      '/payment-sessions/{id}/capture': {
        post: {
          summary:
            'Capture an authorized session: all of it (no amount) or part (the rest is released); 409 not_capturable otherwise',
          parameters: [idParam, idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(capturePaymentSchema)) },
          responses: { 200: { description: 'The captured session', ...json(ref('PaymentSession')) }, ...errors },
        },
      },
      '/payment-sessions/{id}/void': {
        post: {
          summary: 'Release an authorization (a voided session is answered as it is); 409 not_voidable when captured',
          parameters: [idParam, idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(emptyBodySchema)) },
          responses: { 200: { description: 'The voided session', ...json(ref('PaymentSession')) }, ...errors },
        },
      },
      '/payment-sessions/{id}/cancel': {
        post: {
          summary:
            'Withdraw a session the customer has not finished (cancelled); one that already ended is answered as it stands',
          parameters: [idParam, idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(emptyBodySchema)) },
          responses: { 200: { description: 'The session', ...json(ref('PaymentSession')) }, ...errors },
        },
      },
      '/charges': {
        get: {
          summary: 'Charges of one merchant reference, newest first (a charge whose answer was lost)',
          parameters: [{ name: 'merchant_reference', in: 'query', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'List',
              ...json({
                type: 'object',
                properties: { object: { const: 'list' }, data: { type: 'array', items: ref('Charge') } },
              }),
            },
            ...errors,
          },
        },
        post: {
          summary:
            'Merchant-initiated charge on a saved card, answered at once: approved (authorized and captured) or declined',
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(createChargeSchema)) },
          responses: { 201: { description: 'The charge', ...json(ref('Charge')) }, ...errors },
        },
      },
      '/charges/{id}': {
        get: {
          summary: 'A charge',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The charge', ...json(ref('Charge')) }, ...errors },
        },
      },
      '/refunds': {
        post: {
          summary: 'Refund part or all of the money captured by a payment session, or of an approved charge',
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(requestSchema(createRefundSchema)) },
          responses: { 201: { description: 'The refund', ...json(ref('Refund')) }, ...errors },
        },
      },
      '/cards/{token}': {
        delete: {
          summary: 'Delete a saved card (its encrypted number is erased)',
          parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: {
              description: 'Deleted',
              ...json({
                type: 'object',
                properties: { object: { const: 'card' }, token: { type: 'string' }, deleted: { const: true } },
              }),
            },
            ...errors,
          },
        },
      },
    },
  };
}
