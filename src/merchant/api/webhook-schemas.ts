import { z } from 'zod';
import type {
  WebhookAttemptResource,
  WebhookDeliveryResource,
  WebhookEndpointResource,
} from '../webhooks/webhook-resources.ts';

/** The webhook resources' response schemas, tied to webhook-resources.ts (`satisfies`) so they cannot drift apart. */
const isoTimestamp = z.iso.datetime().describe('ISO 8601 instant, UTC');

export const webhookEndpointSchema = z
  .object({
    id: z.string().describe('we_…'),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()).describe('event types, or ["*"] for all'),
    status: z.enum(['enabled', 'disabled']),
    disabled_reason: z.string().nullable(),
    consecutive_failures: z.number().int(),
    previous_secret_expires_at: isoTimestamp.nullable().describe("until when a rotation's old secret still signs"),
    created_at: isoTimestamp,
    updated_at: isoTimestamp,
  })
  .meta({ id: 'WebhookEndpoint' }) satisfies z.ZodType<WebhookEndpointResource>;

/** Create and rotate only: the signing secret, shown once. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({ secret: z.string().describe('whsec_…, shown once: store it now') })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('wd_…'),
    object: z.literal('webhook_delivery'),
    endpoint: z.string(),
    event: z.string().describe('evt_…, the webhook-id header of every try'),
    event_type: z.string(),
    object_id: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    next_try_at: isoTimestamp.nullable(),
    last_response_status: z.number().int().nullable(),
    last_duration_ms: z.number().int().nullable(),
    last_response_body: z.string().nullable(),
    last_error: z.string().nullable(),
    created_at: isoTimestamp,
    delivered_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' }) satisfies z.ZodType<WebhookDeliveryResource>;

const webhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    manual: z.boolean(),
    at: isoTimestamp,
    request: z.object({ url: z.string(), headers: z.record(z.string(), z.string()), body: z.string() }),
    response_status: z.number().int().nullable(),
    response_body: z.string().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable(),
    next_try_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'WebhookDeliveryTry' }) satisfies z.ZodType<WebhookAttemptResource>;

export const webhookDeliveryDetailSchema = webhookDeliverySchema
  .extend({ tries: z.array(webhookAttemptSchema).describe('every try, oldest first (the signature redacted)') })
  .meta({ id: 'WebhookDeliveryDetail' });
