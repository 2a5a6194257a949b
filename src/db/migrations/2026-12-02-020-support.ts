import { sqlMigration } from '../migrator.ts';

/**
 * Help and support (issue 10): "La tua opinione è importante per noi!" votes, "Contatta i nostri esperti" requests
 * and "Password dimenticata?" tokens. The database keeps the rules:
 * - one vote per page per customer, and per page per browser session for a visitor who is not signed in (a second
 *   vote replaces the first: the code upserts on these indexes);
 * - a support request's order, when it names one, is an order of the same customer (a composite foreign key);
 * - a reset token is stored as its SHA-256 only, and is used at most once (`used_at`, set by compare-and-set).
 * Every timestamp is written from the application's clock.
 */
export const support = sqlMigration([
  `create table page_feedback (
    id bigint generated always as identity primary key,
    page_key text not null check (page_key ~ '^[a-z]+\\.[a-z_]+$'),
    customer_id bigint references customers (id) on delete cascade,
    session_hash text,
    useful boolean not null,
    comment text check (char_length(comment) <= 1000),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check ((customer_id is null) <> (session_hash is null))
  )`,
  'create unique index page_feedback_customer_key on page_feedback (page_key, customer_id) where customer_id is not null',
  'create unique index page_feedback_session_key on page_feedback (page_key, session_hash) where customer_id is null',

  // Lets a support request point at (order, customer) together, so it can only name the customer's own order.
  'alter table orders add constraint orders_id_customer_key unique (id, customer_id)',
  `create table support_requests (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id) on delete cascade,
    topic text not null check (topic in ('payments', 'orders', 'services', 'account', 'other')),
    message text not null check (char_length(message) between 1 and 4000),
    order_id bigint,
    created_at timestamptz not null,
    foreign key (order_id, customer_id) references orders (id, customer_id)
  )`,
  'create index support_requests_customer_idx on support_requests (customer_id, created_at desc)',

  `create table password_reset_tokens (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id) on delete cascade,
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    check (expires_at > created_at)
  )`,
  'create index password_reset_tokens_customer_idx on password_reset_tokens (customer_id) where used_at is null',
]);
