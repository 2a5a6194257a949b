import { sqlMigration } from '../migrator.ts';

/**
 * Outgoing webhooks (issue 11): the provider's endpoints, one delivery per (endpoint, event) — the unique pair is
 * what makes an event reach an endpoint once per id, however often a try is repeated — and a row per try for the
 * delivery log. The secret is kept in the clear (`whsec_` + base64, Standard Webhooks): Cassa must sign with it, so a
 * hash would not do; the previous one is kept until `previous_secret_expires_at` so that both sign during a rotation.
 * `object_id` is copied onto the delivery so that the per-object ordering check reads one index.
 */
export const webhooks = sqlMigration([
  `create table webhook_endpoints (
    id bigint generated always as identity primary key,
    url text not null check (url ~ '^https?://'),
    description text not null default '',
    event_types text[] not null,
    status text not null default 'enabled' check (status in ('enabled', 'disabled')),
    disabled_reason text,
    secret text not null check (secret ~ '^whsec_'),
    previous_secret text,
    previous_secret_expires_at timestamptz,
    consecutive_failures integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table webhook_deliveries (
    id bigint generated always as identity primary key,
    endpoint_id bigint not null references webhook_endpoints (id) on delete cascade,
    event_seq bigint not null references events (seq),
    event_id text not null,
    event_type text not null,
    object_id text not null,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    next_try_at timestamptz,
    last_response_status integer,
    last_duration_ms integer,
    last_response_body text,
    last_error text,
    created_at timestamptz not null,
    delivered_at timestamptz,
    unique (endpoint_id, event_seq)
  )`,
  'create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc)',
  `create index webhook_deliveries_pending_object_idx on webhook_deliveries (endpoint_id, object_id, event_seq)
    where status = 'pending'`,
  `create table webhook_delivery_attempts (
    id bigint generated always as identity primary key,
    delivery_id bigint not null references webhook_deliveries (id) on delete cascade,
    attempt integer not null,
    manual boolean not null default false,
    request_url text not null,
    request_headers jsonb not null,
    request_body text not null,
    response_status integer,
    response_body text,
    duration_ms integer not null,
    error text,
    at timestamptz not null,
    next_try_at timestamptz
  )`,
  'create index webhook_delivery_attempts_delivery_idx on webhook_delivery_attempts (delivery_id, id)',
]);
