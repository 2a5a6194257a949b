import { sqlMigration } from '../migrator.ts';

/**
 * The transactional email outbox: a row is written in the same transaction as the business change that causes it,
 * and a delivery worker sends it later. `dedupe_key` makes "this email for this event" exist once; `message_id` is
 * fixed at insert so a resend after a crash carries the same Message-ID.
 */
export const emailOutbox = sqlMigration([
  `create table email_outbox (
    id bigint generated always as identity primary key,
    dedupe_key text not null unique,
    message_id text not null unique,
    customer_id bigint references customers (id),
    to_address text not null,
    locale text not null check (locale in ('it', 'en')),
    template text not null,
    data jsonb not null,
    status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    check ((status = 'sent') = (sent_at is not null))
  )`,
  `create index email_outbox_due_idx on email_outbox (next_attempt_at) where status = 'pending'`,
  'create index email_outbox_customer_idx on email_outbox (customer_id, created_at desc)',
]);
