import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from '../../db/schema.ts';
import { publicId } from '../public/public-ids.ts';

/**
 * How endpoints and deliveries look from outside (REST API bodies, CLI): public ids, ISO timestamps. The secret is
 * never part of an endpoint: it is shown once, by create and rotate.
 */
export interface WebhookEndpointResource {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  description: string;
  events: string[];
  status: WebhookEndpoint['status'];
  disabled_reason: string | null;
  consecutive_failures: number;
  /** Until when the previous secret still signs too (a rotation's overlap), else null. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export function webhookEndpointResource(row: WebhookEndpoint, now: Date): WebhookEndpointResource {
  const overlap = row.previous_secret_expires_at && row.previous_secret_expires_at > now;
  return {
    id: publicId('webhookEndpoint', row.id),
    object: 'webhook_endpoint',
    url: row.url,
    description: row.description,
    events: row.event_types,
    status: row.status,
    disabled_reason: row.disabled_reason,
    consecutive_failures: row.consecutive_failures,
    previous_secret_expires_at: overlap ? (row.previous_secret_expires_at as Date).toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export interface WebhookDeliveryResource {
  id: string;
  object: 'webhook_delivery';
  endpoint: string;
  /** The event's id: the `webhook-id` header of every try. */
  event: string;
  event_type: string;
  object_id: string;
  status: WebhookDelivery['status'];
  attempts: number;
  next_try_at: string | null;
  last_response_status: number | null;
  last_duration_ms: number | null;
  last_response_body: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export function webhookDeliveryResource(row: WebhookDelivery): WebhookDeliveryResource {
  return {
    id: publicId('webhookDelivery', row.id),
    object: 'webhook_delivery',
    endpoint: publicId('webhookEndpoint', row.endpoint_id),
    event: row.event_id,
    event_type: row.event_type,
    object_id: row.object_id,
    status: row.status,
    attempts: row.attempts,
    next_try_at: row.next_try_at?.toISOString() ?? null,
    last_response_status: row.last_response_status,
    last_duration_ms: row.last_duration_ms,
    last_response_body: row.last_response_body,
    last_error: row.last_error,
    created_at: row.created_at.toISOString(),
    delivered_at: row.delivered_at?.toISOString() ?? null,
  };
}

/** One try, as the delivery log shows it: what was sent (the signature redacted), what came back, when the next is. */
export interface WebhookAttemptResource {
  attempt: number;
  manual: boolean;
  at: string;
  request: { url: string; headers: Record<string, string>; body: string };
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
  next_try_at: string | null;
}

export function webhookAttemptResource(row: WebhookDeliveryAttempt): WebhookAttemptResource {
  return {
    attempt: row.attempt,
    manual: row.manual,
    at: row.at.toISOString(),
    request: { url: row.request_url, headers: row.request_headers, body: row.request_body },
    response_status: row.response_status,
    response_body: row.response_body,
    duration_ms: row.duration_ms,
    error: row.error,
    next_try_at: row.next_try_at?.toISOString() ?? null,
  };
}
