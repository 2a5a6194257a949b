import { sqlMigration } from '../migrator.ts';

/**
 * The operators' back office (issue 12).
 *
 * `operators`: the provider's staff, with one role each (viewer < support < admin: see backoffice/operator-roles.ts),
 * an argon2id password and, once enrolled, a TOTP secret. `totp_last_step` is the last 30-second step a code was
 * accepted for, so a code seen over a shoulder cannot be used a second time.
 *
 * `web_sessions` gains the back office's rows: `operator_id` is what makes a session an operator's (the TOTP step of
 * a login keeps its operator in `data`, which grants nothing); a session belongs to a customer or an operator, never
 * both.
 *
 * `audit_log`: every operator action, append-only. The triggers refuse UPDATE, DELETE and TRUNCATE whatever the code
 * does, so not even a bug in a route (or a careless SQL console session through the app's role) can rewrite history.
 */
export const backoffice = sqlMigration([
  `create table operators (
    id bigint generated always as identity primary key,
    email text not null unique check (email = lower(email) and length(email) between 3 and 254),
    name text not null check (length(name) between 1 and 200),
    role text not null check (role in ('viewer', 'support', 'admin')),
    password_hash text not null,
    totp_secret text,
    totp_enabled_at timestamptz,
    totp_last_step bigint,
    disabled_at timestamptz,
    created_at timestamptz not null,
    check (totp_enabled_at is null or totp_secret is not null)
  )`,
  'alter table web_sessions drop constraint web_sessions_app_check',
  "alter table web_sessions add constraint web_sessions_app_check check (app in ('area', 'pay', 'backoffice'))",
  'alter table web_sessions add column operator_id bigint references operators (id) on delete cascade',
  'alter table web_sessions add constraint web_sessions_one_principal check (customer_id is null or operator_id is null)',
  'create index web_sessions_operator_idx on web_sessions (operator_id) where operator_id is not null',

  `create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null,
    operator_id bigint not null references operators (id),
    operator_email text not null,
    action text not null check (length(action) between 1 and 100),
    object_type text not null check (length(object_type) between 1 and 50),
    object_id text not null check (length(object_id) between 1 and 100),
    customer_id bigint references customers (id),
    order_id bigint references orders (id),
    before jsonb,
    after jsonb,
    reason text not null check (length(btrim(reason)) between 1 and 1000)
  )`,
  'create index audit_log_at_idx on audit_log (at desc, id desc)',
  'create index audit_log_order_idx on audit_log (order_id, id) where order_id is not null',
  'create index audit_log_customer_idx on audit_log (customer_id, id) where customer_id is not null',
  'create index audit_log_operator_idx on audit_log (operator_id, id)',
  `create function audit_log_append_only() returns trigger language plpgsql as $$
  begin
    raise exception 'the audit log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
  end
  $$`,
  `create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_append_only()`,
  `create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`,
]);
