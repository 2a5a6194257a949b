import { sqlMigration } from '../migrator.ts';

/**
 * The payments core (issue 9): every payment-like flow — a customer paying an order, a card verification, a renewal
 * charge — is one row of `payment_attempts` with a `purpose`, one transition table, one history, one reconciliation.
 * Card verifications and renewal charges move here from their own tables, which are dropped.
 *
 * The database keeps the money rules, whatever the code does:
 * - one open attempt per order (a second tab joins or supersedes it, never runs beside it);
 * - one attempt per order that holds or took the money (`authorized`, `captured`);
 * - one attempt per renewal try, one bank session and one bank charge per attempt.
 *
 * An authorization is recorded (`authorized`) and captured later by a job (`captured`); an authorization nobody
 * should keep (a duplicate, a card verification's cent) is voided (`void_pending` → `voided`), never captured.
 * `needs_attention` is where the reconciliation leaves an attempt it could not settle after its last try.
 *
 * The job queue becomes the one place for background work: jobs carry who claimed them (`locked_by`) so that a
 * restarted process can release its own claims at once, and every timestamp the code compares is written from the
 * application's clock (no `default now()` left on those columns). Email delivery runs as jobs, so the outbox keeps
 * only what was sent and why not.
 */
export const paymentsCore = sqlMigration([
  // --- payment attempts: one aggregate for every purpose -------------------------------------------------------
  `alter table payment_attempts add column purpose text not null default 'order_payment'
    check (purpose in ('order_payment', 'card_verification', 'renewal_charge'))`,
  `alter table payment_attempts add column gateway text not null default 'sandbox'`,
  'alter table payment_attempts alter column order_id drop not null',
  'alter table payment_attempts alter column request_key drop not null',
  'alter table payment_attempts add column renewal_id bigint references renewals (id)',
  'alter table payment_attempts add column renewal_try integer check (renewal_try >= 1)',
  'alter table payment_attempts add column bank_charge_id text unique',
  `alter table payment_attempts add column decline_kind text check (decline_kind in ('hard', 'soft'))`,
  // The Pagamenti session that started it (a hash, as web_sessions keeps it): a second tab of the same session joins.
  'alter table payment_attempts add column started_in_session text',
  'alter table payment_attempts add column attention_reason text',
  'alter table payment_attempts alter column created_at drop default',
  'alter table payment_attempts alter column updated_at drop default',
  'alter table payment_attempts drop constraint payment_attempts_status_check',
  'alter table payment_attempts drop constraint payment_attempts_public_id_check',
  'alter table payment_attempts drop constraint payment_attempts_check',
  `alter table payment_attempts add constraint payment_attempts_status_check check (status in ('created', 'redirected',
    'authenticating', 'authorized', 'void_pending', 'captured', 'voided', 'refund_pending', 'refunded', 'declined',
    'failed', 'abandoned', 'cancelled', 'needs_attention'))`,
  `alter table payment_attempts add constraint payment_attempts_public_id_check
    check (public_id ~ '^(pa|cv)_[0-9a-f]{32}$')`,
  `alter table payment_attempts add constraint payment_attempts_purpose_order_check
    check ((purpose = 'card_verification') = (order_id is null))`,
  `alter table payment_attempts add constraint payment_attempts_purpose_renewal_check
    check ((purpose = 'renewal_charge') = (renewal_id is not null and renewal_try is not null))`,
  `alter table payment_attempts add constraint payment_attempts_bank_session_check
    check (purpose = 'renewal_charge' or status in ('created', 'failed', 'abandoned', 'needs_attention')
      or bank_session_id is not null)`,
  'alter table payment_attempts add constraint payment_attempts_renewal_try_key unique (renewal_id, renewal_try)',

  // --- card verifications become attempts ------------------------------------------------------------------------
  // The old sandbox captured the verification cent: a saved card's cent was refunded (or is owed a refund).
  `insert into payment_attempts (public_id, purpose, order_id, customer_id, status, amount_cents, currency,
      saved_card_id, bank_session_id, refund_id, decline_reason, created_at, updated_at, completed_at)
    select public_id, 'card_verification', null, customer_id,
      case status when 'saved' then (case when refund_id is null then 'refund_pending' else 'refunded' end)
        else status end,
      1, 'EUR', saved_card_id, bank_session_id, refund_id, failure_reason, created_at,
      coalesce(completed_at, created_at), completed_at
    from card_verifications`,
  `update jobs set queue = 'payment.refund', singleton_key = 'payment.refund:' || pa.id,
      payload = jsonb_build_object('attemptId', pa.id)
    from card_verifications cv join payment_attempts pa on pa.public_id = cv.public_id
    where jobs.queue = 'card.verification_refund' and (jobs.payload ->> 'verificationId')::bigint = cv.id`,

  // --- renewal charges become attempts ---------------------------------------------------------------------------
  // An approved charge was captured; one approved after the order was paid by hand is refunded or owed a refund.
  `insert into payment_attempts (public_id, purpose, order_id, customer_id, renewal_id, renewal_try, status,
      amount_cents, currency, saved_card_id, bank_charge_id, decline_reason, decline_kind, refund_id, created_at,
      updated_at, completed_at)
    select 'pa_' || md5('renewal-charge:' || rc.id), 'renewal_charge', rc.order_id, r.customer_id, rc.renewal_id,
      rc.attempt_no,
      case
        when rc.status = 'pending' then 'created'
        when rc.status = 'declined' then 'declined'
        when rc.refund_id is not null then 'refunded'
        when exists (select 1 from payment_attempts pa where pa.order_id = rc.order_id and pa.status = 'authorized')
          then 'refund_pending'
        else 'captured'
      end,
      rc.amount_cents, rc.currency, rc.card_id, rc.bank_charge_id, rc.decline_reason, rc.decline_kind, rc.refund_id,
      rc.created_at, coalesce(rc.completed_at, rc.created_at), rc.completed_at
    from renewal_charges rc join renewals r on r.id = rc.renewal_id`,
  `update jobs set queue = 'payment.refund', singleton_key = 'payment.refund:' || pa.id,
      payload = jsonb_build_object('attemptId', pa.id)
    from payment_attempts pa
    where jobs.queue = 'renewal.double_charge_refund'
      and pa.public_id = 'pa_' || md5('renewal-charge:' || (jobs.payload ->> 'chargeId'))`,
  // The old sandbox captured on authorization: what was `authorized` then is `captured` now.
  `update payment_attempts set status = 'captured' where status = 'authorized' and purpose = 'order_payment'`,
  `insert into payment_attempt_events (attempt_id, from_status, to_status, reason, at)
    select id, null, status, 'moved into the payments core', updated_at from payment_attempts
    where purpose <> 'order_payment' or status = 'captured'`,
  'drop table card_verifications',
  'drop table renewal_charges',

  // Several open attempts of one order, from before the rule: the newest stays open, the others are left for an
  // operator (a notification or a look at the bank still settles them).
  `update payment_attempts pa set status = 'needs_attention', attention_reason = 'a second open attempt of its order'
    where status in ('created', 'redirected', 'authenticating') and exists (
      select 1 from payment_attempts newer where newer.order_id = pa.order_id and newer.id > pa.id
        and newer.status in ('created', 'redirected', 'authenticating'))`,
  'drop index payment_attempts_one_authorized_idx',
  'drop index payment_attempts_open_idx',
  `create unique index payment_attempts_one_paid_idx on payment_attempts (order_id)
    where status in ('authorized', 'captured')`,
  `create unique index payment_attempts_one_open_idx on payment_attempts (order_id)
    where status in ('created', 'redirected', 'authenticating')`,
  `create index payment_attempts_open_idx on payment_attempts (created_at)
    where status in ('created', 'redirected', 'authenticating')`,
  `create index payment_attempts_customer_idx on payment_attempts (customer_id, created_at desc)`,
  `create index payment_attempts_attention_idx on payment_attempts (updated_at) where status = 'needs_attention'`,

  // --- saved cards know their gateway --------------------------------------------------------------------------
  `alter table saved_cards add column gateway text not null default 'sandbox'`,
  'alter table saved_cards drop constraint saved_cards_bank_token_key',
  'alter table saved_cards add constraint saved_cards_gateway_token_key unique (gateway, bank_token)',

  // --- one job queue ----------------------------------------------------------------------------------------------
  'alter table jobs add column locked_by text',
  'alter table jobs alter column created_at drop default',
  `create index jobs_finished_idx on jobs (finished_at) where status in ('done', 'failed')`,
  // Emails still to send become jobs of the delivery queue; 'sending' ones were cut by a stop.
  `insert into jobs (queue, payload, singleton_key, run_at, max_attempts, created_at)
    select 'email.send', jsonb_build_object('emailId', id), 'email.send:' || id || ':' || attempts,
      least(next_attempt_at, now()), 1000, created_at
    from email_outbox where status in ('pending', 'sending')`,
  `update email_outbox set status = 'pending' where status = 'sending'`,
  'drop index email_outbox_due_idx',
  'alter table email_outbox drop constraint email_outbox_status_check',
  `alter table email_outbox add constraint email_outbox_status_check check (status in ('pending', 'sent', 'failed'))`,
  'alter table email_outbox drop column next_attempt_at',
  'alter table email_outbox alter column created_at drop default',
  `create index email_outbox_sent_idx on email_outbox (sent_at) where status = 'sent'`,

  // --- notifications are applied by a job each; processed ones are purged after the retention ------------------
  'alter table gateway_events alter column received_at drop default',
  'drop index gateway_events_unprocessed_idx',
  `create index gateway_events_processed_idx on gateway_events (processed_at) where processed_at is not null`,
  'create index gateway_events_session_idx on gateway_events (bank_session_id)',
  `insert into jobs (queue, payload, singleton_key, run_at, created_at)
    select 'gateway.event', jsonb_build_object('eventId', event_id), 'gateway.event:' || event_id, now(), received_at
    from gateway_events where processed_at is null`,
  // Every attempt still open, or owed a refund, gets the job that settles it.
  `insert into jobs (queue, payload, singleton_key, run_at, created_at)
    select 'payment.reconcile', jsonb_build_object('attemptId', id), 'payment.reconcile:' || id, now(), now()
    from payment_attempts where status in ('created', 'redirected', 'authenticating')`,
  `insert into jobs (queue, payload, singleton_key, run_at, created_at)
    select 'payment.refund', jsonb_build_object('attemptId', id), 'payment.refund:' || id, now(), now()
    from payment_attempts where status = 'refund_pending'
    on conflict (singleton_key) do nothing`,

  // --- hot queries of the renewal engine ------------------------------------------------------------------------
  `create index subscriptions_due_idx on subscriptions (expires_on) where auto_renew and status = 'active'`,
  `create index subscriptions_card_idx on subscriptions (auto_renew_card_id) where auto_renew_card_id is not null`,
]);
