import { sqlMigration } from '../migrator.ts';

/** Customers, catalogue, services (subscriptions), orders with lines and state history, web sessions, rate limits. */
export const foundation = sqlMigration([
  `create table customers (
    id bigint generated always as identity primary key,
    email text not null check (email like '%@%'),
    password_hash text not null,
    name text not null,
    locale text not null default 'it' check (locale in ('it', 'en')),
    phone text,
    created_at timestamptz not null default now()
  )`,
  // Emails are unique whatever their case: the login looks them up by lower(email).
  'create unique index customers_email_key on customers (lower(email))',

  `create table products (
    code text primary key check (code ~ '^[a-z_]+$'),
    name_it text not null,
    name_en text not null,
    yearly_price_cents integer not null check (yearly_price_cents >= 0),
    vat_rate_bp integer not null default 2200 check (vat_rate_bp between 0 and 10000),
    auto_renew_available boolean not null
  )`,

  `create table subscriptions (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    product_code text not null references products (code),
    label text not null,
    status text not null check (status in ('pending', 'active', 'expired', 'cancelled')),
    activated_on date,
    expires_on date,
    renewal_period_years smallint not null default 1 check (renewal_period_years between 1 and 5),
    created_at timestamptz not null default now(),
    check (status = 'pending' or (activated_on is not null and expires_on is not null))
  )`,
  'create index subscriptions_customer_idx on subscriptions (customer_id)',

  'create sequence order_number_seq',
  `create table orders (
    id bigint generated always as identity primary key,
    number text not null unique check (number ~ '^ORD-[0-9]{4}-[0-9]{6,}$'),
    customer_id bigint not null references customers (id),
    subscription_id bigint not null references subscriptions (id),
    kind text not null check (kind in ('purchase', 'renewal')),
    state text not null default 'awaiting_payment' check (state in ('awaiting_payment', 'paid', 'cancelled')),
    currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
    period_years smallint not null default 1 check (period_years between 1 and 5),
    net_cents integer not null check (net_cents >= 0),
    vat_cents integer not null check (vat_cents >= 0),
    total_cents integer not null check (total_cents = net_cents + vat_cents),
    created_at timestamptz not null default now(),
    paid_at timestamptz,
    cancelled_at timestamptz,
    check ((state = 'paid') = (paid_at is not null)),
    check ((state = 'cancelled') = (cancelled_at is not null))
  )`,
  'create index orders_customer_idx on orders (customer_id, created_at desc)',
  'create index orders_subscription_idx on orders (subscription_id, created_at desc)',

  `create table order_lines (
    id bigint generated always as identity primary key,
    order_id bigint not null references orders (id) on delete cascade,
    position smallint not null,
    product_code text not null references products (code),
    description text not null,
    quantity integer not null check (quantity > 0),
    unit_price_cents integer not null check (unit_price_cents >= 0),
    net_cents integer not null check (net_cents = quantity * unit_price_cents),
    vat_rate_bp integer not null,
    vat_cents integer not null check (vat_cents >= 0),
    unique (order_id, position)
  )`,

  `create table order_events (
    id bigint generated always as identity primary key,
    order_id bigint not null references orders (id) on delete cascade,
    from_state text,
    to_state text not null,
    reason text not null,
    at timestamptz not null default now()
  )`,
  'create index order_events_order_idx on order_events (order_id, id)',

  `create table web_sessions (
    id_hash text primary key,
    app text not null check (app in ('area', 'pay')),
    customer_id bigint references customers (id) on delete cascade,
    csrf_token text not null,
    locale text,
    data jsonb not null default '{}',
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
  )`,
  'create index web_sessions_last_seen_idx on web_sessions (last_seen_at)',

  // Fixed-window counters shared by every process on one database (login attempts per account and per IP, later OTPs).
  `create table rate_limit_hits (
    bucket text not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (bucket, window_start)
  )`,
]);
