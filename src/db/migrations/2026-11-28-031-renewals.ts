import { sqlMigration } from '../migrator.ts';

/**
 * Automatic renewal (issue 6). A renewal is one service's renewal for one period: its order (one per subscription and
 * period, enforced here), its state and history, and its merchant-initiated charges (one row per try, written before
 * the bank is called, with the idempotency key the bank saw). At most one approved charge per order.
 */
export const renewals = sqlMigration([
  `create table renewals (
    id bigint generated always as identity primary key,
    subscription_id bigint not null references subscriptions (id),
    customer_id bigint not null references customers (id),
    order_id bigint not null unique references orders (id),
    period_start date not null,
    status text not null check (status in ('scheduled', 'retry_scheduled', 'succeeded', 'failed',
      'action_required', 'closed')),
    card_id bigint references saved_cards (id),
    charge_count integer not null default 0 check (charge_count >= 0),
    first_charged_at timestamptz,
    next_charge_at timestamptz,
    last_decline_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (subscription_id, period_start)
  )`,
  // The Area Clienti banner asks for these: renewals that need the customer.
  `create index renewals_attention_idx on renewals (customer_id) where status in ('failed', 'action_required')`,

  `create table renewal_events (
    id bigint generated always as identity primary key,
    renewal_id bigint not null references renewals (id) on delete cascade,
    from_status text,
    to_status text not null,
    reason text not null,
    at timestamptz not null default now()
  )`,
  'create index renewal_events_renewal_idx on renewal_events (renewal_id, id)',

  `create table renewal_charges (
    id bigint generated always as identity primary key,
    renewal_id bigint not null references renewals (id),
    order_id bigint not null references orders (id),
    attempt_no integer not null check (attempt_no >= 1),
    card_id bigint not null references saved_cards (id),
    amount_cents integer not null check (amount_cents > 0),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    idempotency_key text not null unique,
    status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
    bank_charge_id text unique,
    decline_reason text,
    decline_kind text check (decline_kind in ('hard', 'soft')),
    created_at timestamptz not null,
    completed_at timestamptz,
    unique (renewal_id, attempt_no)
  )`,
  `create unique index renewal_charges_one_approved_idx on renewal_charges (order_id) where status = 'approved'`,
]);
