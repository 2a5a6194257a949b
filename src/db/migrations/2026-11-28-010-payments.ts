import { sqlMigration } from '../migrator.ts';

/**
 * Payments (issue 4): saved cards (bank token and what a person may see, never the number), automatic renewal on
 * services, payment attempts with their own state history, the bank's notifications as received, the single-use
 * hand-off from Area Clienti to Pagamenti, and application secrets generated once per database.
 *
 * Exactly once is enforced here, not only in code: one authorized attempt per order, one bank session per attempt,
 * one attempt per form submission (customer, request key), one use per hand-off nonce, one row per bank event.
 */
export const payments = sqlMigration([
  // Secrets every process sharing this database must agree on (e.g. the hand-off signing key), created on first use.
  `create table app_secrets (
    name text primary key,
    value text not null check (length(value) >= 32),
    created_at timestamptz not null default now()
  )`,

  `create table saved_cards (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    bank_token text not null unique,
    brand text not null,
    last4 text not null check (last4 ~ '^[0-9]{4}$'),
    exp_month smallint not null check (exp_month between 1 and 12),
    exp_year smallint not null check (exp_year between 2000 and 2200),
    holder text not null,
    is_default boolean not null default false,
    created_at timestamptz not null default now(),
    removed_at timestamptz
  )`,
  'create index saved_cards_customer_idx on saved_cards (customer_id)',
  'create unique index saved_cards_one_default_idx on saved_cards (customer_id) where is_default and removed_at is null',

  'alter table subscriptions add column auto_renew boolean not null default false',
  'alter table subscriptions add column auto_renew_card_id bigint references saved_cards (id)',
  `alter table subscriptions add constraint subscriptions_auto_renew_card_check
    check (not auto_renew or auto_renew_card_id is not null)`,

  `create table payment_attempts (
    id bigint generated always as identity primary key,
    public_id text not null unique check (public_id ~ '^pa_[0-9a-f]{32}$'),
    order_id bigint not null references orders (id),
    customer_id bigint not null references customers (id),
    request_key text not null check (length(request_key) between 16 and 64),
    status text not null check (status in ('created', 'redirected', 'authenticating', 'authorized', 'declined',
      'failed', 'abandoned', 'refund_pending', 'refunded')),
    amount_cents integer not null check (amount_cents > 0),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    saved_card_id bigint references saved_cards (id),
    bank_session_id text unique,
    redirect_url text,
    card_brand text,
    card_last4 text check (card_last4 ~ '^[0-9]{4}$'),
    authorization_code text,
    decline_reason text,
    refund_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    completed_at timestamptz,
    unique (customer_id, request_key),
    check (status in ('created', 'failed', 'abandoned') or bank_session_id is not null)
  )`,
  // The rule that makes a second capture impossible whatever the code does: one authorized attempt per order.
  `create unique index payment_attempts_one_authorized_idx on payment_attempts (order_id) where status = 'authorized'`,
  'create index payment_attempts_order_idx on payment_attempts (order_id)',
  `create index payment_attempts_open_idx on payment_attempts (created_at)
    where status in ('created', 'redirected', 'authenticating', 'refund_pending')`,

  `create table payment_attempt_events (
    id bigint generated always as identity primary key,
    attempt_id bigint not null references payment_attempts (id) on delete cascade,
    from_status text,
    to_status text not null,
    reason text not null,
    at timestamptz not null default now()
  )`,
  'create index payment_attempt_events_attempt_idx on payment_attempt_events (attempt_id, id)',

  // Every signed notification received, once per event id; processed_at is set once it has been applied.
  `create table gateway_events (
    event_id text primary key,
    type text not null,
    bank_session_id text not null,
    payload jsonb not null,
    received_at timestamptz not null default now(),
    processed_at timestamptz
  )`,
  'create index gateway_events_unprocessed_idx on gateway_events (received_at) where processed_at is null',

  // A hand-off token can be used once: its nonce is inserted here when Pagamenti accepts it.
  `create table pay_handoff_uses (
    nonce text primary key,
    customer_id bigint not null references customers (id) on delete cascade,
    used_at timestamptz not null default now()
  )`,
]);
