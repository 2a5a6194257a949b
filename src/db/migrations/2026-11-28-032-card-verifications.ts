import { sqlMigration } from '../migrator.ts';

/**
 * "Aggiungi carta" (issue 6): a €0.01 payment session at the bank with 3-D Secure that saves the card, refunded once
 * the card is saved, as providers verify a card. One row per attempt, written before the bank is called; one bank
 * session per row.
 */
export const cardVerifications = sqlMigration([
  `create table card_verifications (
    id bigint generated always as identity primary key,
    public_id text not null unique check (public_id ~ '^cv_[0-9a-f]{32}$'),
    customer_id bigint not null references customers (id),
    status text not null default 'created' check (status in ('created', 'redirected', 'saved', 'failed')),
    bank_session_id text unique,
    saved_card_id bigint references saved_cards (id),
    refund_id text,
    failure_reason text,
    created_at timestamptz not null,
    completed_at timestamptz
  )`,
  'create index card_verifications_customer_idx on card_verifications (customer_id, created_at desc)',
]);
