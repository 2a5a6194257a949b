import { sqlMigration } from '../../../db/migrator.ts';

/**
 * The bank's whole schema: merchants and their secrets, the card vault, payment sessions with their history,
 * 3-D Secure challenges, the sandbox SMS inbox, charges, refunds, idempotency keys and the notification outbox.
 * Written for PostgreSQL 15 (PGlite accepts it too).
 */
export const bankFoundation = sqlMigration([
  `create table merchants (
    id text primary key check (id ~ '^[a-z0-9_-]{1,40}$'),
    name text not null,
    created_at timestamptz not null default now()
  )`,
  // HMAC needs the shared secret itself, so it is kept as given; position 0 signs, every position verifies.
  `create table merchant_secrets (
    merchant_id text not null references merchants (id) on delete cascade,
    position smallint not null check (position >= 0),
    secret text not null check (length(secret) >= 16),
    primary key (merchant_id, position)
  )`,
  `create table merchant_origins (
    merchant_id text not null references merchants (id) on delete cascade,
    origin text not null,
    primary key (merchant_id, origin)
  )`,

  // The vault. pan_ciphertext is AES-256-GCM (see vault.ts); nothing else anywhere holds more than the last four digits.
  // A 'transient' card was typed for one payment and is never chargeable; 'active' ones were saved on the merchant's request.
  `create table cards (
    token text primary key,
    merchant_id text not null references merchants (id),
    customer_reference text not null,
    status text not null check (status in ('transient', 'active', 'deleted')),
    brand text not null check (brand in ('visa', 'mastercard', 'amex', 'maestro')),
    last4 text not null check (last4 ~ '^[0-9]{4}$'),
    exp_month smallint not null check (exp_month between 1 and 12),
    exp_year smallint not null check (exp_year between 2000 and 2099),
    holder text not null,
    pan_ciphertext text not null,
    created_at timestamptz not null default now(),
    deleted_at timestamptz
  )`,
  'create index cards_merchant_customer_idx on cards (merchant_id, customer_reference)',

  `create table payment_sessions (
    id text primary key,
    merchant_id text not null references merchants (id),
    merchant_reference text not null,
    amount_cents bigint not null check (amount_cents > 0),
    currency text not null check (currency = 'EUR'),
    description text not null,
    customer_reference text not null,
    return_url text not null,
    notify_url text not null,
    save_card boolean not null,
    locale text not null check (locale in ('it', 'en')),
    status text not null check (status in ('created', 'awaiting_card', 'authenticating', 'authorized', 'declined', 'failed', 'expired')),
    card_token text references cards (token),
    uses_saved_card boolean not null default false,
    three_ds_method text check (three_ds_method in ('frictionless', 'sms', 'app')),
    trans_status text check (trans_status in ('Y', 'N', 'U', 'A', 'R')),
    eci text,
    decline_code text,
    authorization_code text,
    refunded_cents bigint not null default 0 check (refunded_cents >= 0 and refunded_cents <= amount_cents),
    browser_binding_hash text,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    completed_at timestamptz,
    check (status <> 'authorized' or (authorization_code is not null and card_token is not null)),
    check ((status in ('authorized', 'declined', 'failed', 'expired')) = (completed_at is not null))
  )`,
  'create index payment_sessions_reference_idx on payment_sessions (merchant_id, merchant_reference, created_at)',
  "create index payment_sessions_open_idx on payment_sessions (expires_at) where status in ('created', 'awaiting_card', 'authenticating')",
  `create table payment_session_events (
    id bigint generated always as identity primary key,
    payment_session_id text not null references payment_sessions (id),
    from_status text not null,
    to_status text not null,
    reason text,
    created_at timestamptz not null default now()
  )`,
  'create index payment_session_events_session_idx on payment_session_events (payment_session_id)',

  `create table challenges (
    id text primary key,
    payment_session_id text not null references payment_sessions (id),
    method text not null check (method in ('sms', 'app')),
    status text not null check (status in ('pending', 'approved', 'denied', 'failed', 'expired')),
    code_hash text,
    failed_attempts smallint not null default 0,
    resends smallint not null default 0,
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    check (method <> 'sms' or code_hash is not null)
  )`,
  // One open challenge per session: a double click on "Invio dati" cannot start two.
  "create unique index challenges_one_pending_idx on challenges (payment_session_id) where status = 'pending'",

  `create table sms_messages (
    id bigint generated always as identity primary key,
    payment_session_id text not null references payment_sessions (id),
    recipient text not null,
    masked_card text not null,
    body text not null,
    created_at timestamptz not null default now()
  )`,

  `create table charges (
    id text primary key,
    merchant_id text not null references merchants (id),
    card_token text not null references cards (token),
    amount_cents bigint not null check (amount_cents > 0),
    currency text not null check (currency = 'EUR'),
    merchant_reference text not null,
    reason text not null check (reason in ('recurring')),
    status text not null check (status in ('approved', 'declined')),
    decline_code text,
    authorization_code text,
    refunded_cents bigint not null default 0 check (refunded_cents >= 0 and refunded_cents <= amount_cents),
    created_at timestamptz not null default now(),
    check ((status = 'approved') = (authorization_code is not null)),
    check ((status = 'declined') = (decline_code is not null))
  )`,
  'create index charges_reference_idx on charges (merchant_id, merchant_reference)',

  `create table refunds (
    id text primary key,
    merchant_id text not null references merchants (id),
    payment_session_id text references payment_sessions (id),
    charge_id text references charges (id),
    amount_cents bigint not null check (amount_cents > 0),
    created_at timestamptz not null default now(),
    check ((payment_session_id is null) <> (charge_id is null))
  )`,

  `create table idempotency_keys (
    merchant_id text not null references merchants (id),
    key text not null check (length(key) between 1 and 255),
    request_hash text not null,
    status text not null check (status in ('in_progress', 'completed')),
    response_status smallint,
    response_body text,
    locked_at timestamptz not null,
    created_at timestamptz not null default now(),
    primary key (merchant_id, key),
    check ((status = 'completed') = (response_status is not null))
  )`,
  'create index idempotency_keys_created_idx on idempotency_keys (created_at)',

  // The outbox: one final event per session, written in the transaction that ends the session.
  `create table notifications (
    id text primary key,
    merchant_id text not null references merchants (id),
    payment_session_id text not null unique references payment_sessions (id),
    url text not null,
    payload text not null,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at timestamptz,
    gave_up_at timestamptz,
    last_error text,
    created_at timestamptz not null default now()
  )`,
  'create index notifications_due_idx on notifications (next_attempt_at) where delivered_at is null and gave_up_at is null',
]);
