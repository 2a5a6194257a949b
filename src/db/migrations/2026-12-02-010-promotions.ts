import { sqlMigration } from '../migrator.ts';

/**
 * Discounts (issue 10): promotions, and an order that took one.
 *
 * A promotion is a campaign ("#IoRestoACasa") with a discount — a percentage in basis points (2000 = 20%) or a fixed
 * amount in cents off the net — for one product or all (`product_code` null), for first purchases, renewals or both,
 * valid on the business days `valid_from`..`valid_until` (inclusive, in BUSINESS_TIME_ZONE) until an operator ends it
 * (`ended_at`). Its optional code is stored upper-case, so that it is unique whatever case a customer types.
 *
 * An order holds at most one promotion (`orders.promotion_id`); each line keeps its own discount, and the database
 * checks that a line's net is its gross minus that discount (VAT is then computed on the discounted net).
 */
export const promotions = sqlMigration([
  `create table promotions (
    id bigint generated always as identity primary key,
    campaign text not null check (length(campaign) between 1 and 80),
    code text unique check (code = upper(code) and code ~ '^[A-Z0-9][A-Z0-9_-]{2,31}$'),
    product_code text references products (code),
    discount_kind text not null check (discount_kind in ('percent', 'amount')),
    percent_bp integer check (percent_bp between 1 and 10000),
    amount_cents integer check (amount_cents > 0),
    applies_to text not null check (applies_to in ('purchase', 'renewal', 'both')),
    valid_from date not null,
    valid_until date not null,
    ended_at timestamptz,
    created_at timestamptz not null,
    check ((discount_kind = 'percent') = (percent_bp is not null)),
    check ((discount_kind = 'amount') = (amount_cents is not null)),
    check (valid_until >= valid_from)
  )`,
  'create index promotions_valid_until_idx on promotions (valid_until)',

  'alter table orders add column promotion_id bigint references promotions (id)',

  'alter table order_lines add column discount_cents integer not null default 0 check (discount_cents >= 0)',
  // The foundation's net = quantity × unit price check (PostgreSQL named it after the table: it spans columns).
  'alter table order_lines drop constraint order_lines_check',
  `alter table order_lines add constraint order_lines_net_cents_check
    check (net_cents = quantity * unit_price_cents - discount_cents)`,
]);
