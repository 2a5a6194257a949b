import { type Kysely, type Migration, sql } from 'kysely';
import { sqlMigration } from '../../../db/migrator.ts';

/**
 * Authorization and capture become two steps. A session gets a capture method (`automatic` by default: what every
 * session did so far), the amount captured, the authorization's deadline, and the new states `captured`, `voided` and
 * `cancelled`. Under the old semantics an authorized session had been captured on authorization, so existing ones
 * become `captured` with their whole amount (with a history row saying so). Refunds are now bounded by what was
 * captured. The first migration's check constraints were named by PostgreSQL (`payment_sessions_check2`…): rather
 * than depend on those names, every check of the table is dropped and the whole set written again, named.
 */
export const bankCapture: Migration = {
  async up(db) {
    await dropCheckConstraints(db, 'payment_sessions');
    await dropCheckConstraints(db, 'challenges');
    await statements.up(db);
  },
};

async function dropCheckConstraints(db: Kysely<unknown>, table: string): Promise<void> {
  const { rows } = await sql<{ conname: string }>`
    select conname from pg_constraint where conrelid = ${table}::regclass and contype = 'c'`.execute(db);
  for (const { conname } of rows) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(conname)}`.execute(db);
  }
}

const statements = sqlMigration([
  "alter table payment_sessions add column capture_method text not null default 'automatic'",
  'alter table payment_sessions add column amount_captured_cents bigint not null default 0',
  'alter table payment_sessions add column authorization_expires_at timestamptz',
  'alter table payment_sessions add column captured_at timestamptz',
  'alter table payment_sessions add column void_reason text',
  'alter table payment_sessions add column voided_at timestamptz',

  `insert into payment_session_events (payment_session_id, from_status, to_status, reason, created_at)
    select id, 'authorized', 'captured', 'captured on authorization (before capture was a step of its own)', completed_at
    from payment_sessions where status = 'authorized'`,
  `update payment_sessions
    set status = 'captured', amount_captured_cents = amount_cents, captured_at = completed_at
    where status = 'authorized'`,

  'alter table payment_sessions add constraint payment_sessions_amount_check check (amount_cents > 0)',
  "alter table payment_sessions add constraint payment_sessions_currency_check check (currency = 'EUR')",
  "alter table payment_sessions add constraint payment_sessions_locale_check check (locale in ('it', 'en'))",
  `alter table payment_sessions add constraint payment_sessions_three_ds_method_check check (
    three_ds_method in ('frictionless', 'sms', 'app'))`,
  `alter table payment_sessions add constraint payment_sessions_trans_status_check check (
    trans_status in ('Y', 'N', 'U', 'A', 'R'))`,
  `alter table payment_sessions add constraint payment_sessions_status_check check (status in
    ('created', 'awaiting_card', 'authenticating', 'authorized', 'captured', 'voided', 'declined', 'failed', 'expired', 'cancelled'))`,
  "alter table payment_sessions add constraint payment_sessions_capture_method_check check (capture_method in ('automatic', 'manual'))",
  `alter table payment_sessions add constraint payment_sessions_authorization_check check (
    status not in ('authorized', 'captured', 'voided') or (authorization_code is not null and card_token is not null))`,
  `alter table payment_sessions add constraint payment_sessions_completed_check check (
    (status in ('created', 'awaiting_card', 'authenticating')) = (completed_at is null))`,
  `alter table payment_sessions add constraint payment_sessions_captured_check check (
    amount_captured_cents >= 0 and amount_captured_cents <= amount_cents
    and (status = 'captured') = (amount_captured_cents > 0)
    and (status = 'captured') = (captured_at is not null))`,
  `alter table payment_sessions add constraint payment_sessions_refunded_check check (
    refunded_cents >= 0 and refunded_cents <= amount_captured_cents)`,
  `alter table payment_sessions add constraint payment_sessions_hold_check check (
    status <> 'authorized' or authorization_expires_at is not null)`,
  `alter table payment_sessions add constraint payment_sessions_void_check check (
    (void_reason is null or void_reason in ('merchant', 'lapsed'))
    and (status = 'voided') = (void_reason is not null)
    and (status = 'voided') = (voided_at is not null))`,
  // The sweep's way to authorizations whose hold runs out.
  "create index payment_sessions_held_idx on payment_sessions (authorization_expires_at) where status = 'authorized'",

  // A challenge of a session the merchant cancelled ends with it.
  "alter table challenges add constraint challenges_method_check check (method in ('sms', 'app'))",
  "alter table challenges add constraint challenges_code_check check (method <> 'sms' or code_hash is not null)",
  `alter table challenges add constraint challenges_status_check check (
    status in ('pending', 'approved', 'denied', 'failed', 'expired', 'cancelled'))`,
]);
