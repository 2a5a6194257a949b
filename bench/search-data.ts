import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase } from '../src/db/schema.ts';

/**
 * The search benchmark's data, built in SQL (generate_series, one statement per table) so that 100,000 orders take
 * seconds, not the minutes row-by-row inserts would: a third as many customers with Italian names (accents included),
 * one and a half services each (PEC addresses, domains, SPID labels), an attempt per order with a card's last four
 * and a bank session, and a declined attempt before a fifth of them. Order numbers are of 2019, apart from the demo's.
 */
export async function buildSearchData(db: Kysely<MerchantDatabase>, orders: number): Promise<void> {
  const customers = Math.ceil(orders / 3);
  const services = Math.ceil(customers * 1.5);
  const base = await sql<{ customer: number; service: number; order: number }>`
    select (select coalesce(max(id), 0) from customers)::int8 as customer,
      (select coalesce(max(id), 0) from subscriptions)::int8 as service,
      (select coalesce(max(id), 0) from orders)::int8 as order`.execute(db);
  const from = base.rows[0] ?? { customer: 0, service: 0, order: 0 };

  await sql`
    insert into customers (email, password_hash, name, locale, created_at)
    select replace(search_fold(f || '.' || l), ' ', '') || '.' || n || '@example.com', 'x', f || ' ' || l, 'it',
      now() - make_interval(days => n % 700)
    from generate_series(1, ${customers}) as n,
      lateral (select (${FIRST_NAMES})[1 + n % 20] as f, (${LAST_NAMES})[1 + (n / 20) % 20] as l) names`.execute(db);

  await sql`
    insert into subscriptions (customer_id, product_code, label, status, activated_on, expires_on, created_at)
    select c.id, p.codes[1 + n % cardinality(p.codes)],
      case n % 3
        when 0 then replace(search_fold(c.name), ' ', '.') || '.' || n || '@pec.example.it'
        when 1 then 'studio-' || replace(search_fold(c.name), ' ', '-') || '-' || n || '.example.it'
        else 'SPID - ' || c.name || ' (' || n || ')'
      end,
      'active', current_date - 200, current_date + 165, now() - make_interval(days => n % 600)
    from generate_series(1, ${services}) as n
      join customers c on c.id = ${from.customer} + 1 + n % ${customers}
      cross join (select array_agg(code order by code) as codes from products) p`.execute(db);

  await sql`
    insert into orders (number, customer_id, subscription_id, kind, state, currency, period_years, net_cents,
      vat_cents, total_cents, created_at, paid_at)
    select 'ORD-2019-' || lpad(n::text, 6, '0'), s.customer_id, s.id, 'purchase',
      case when n % 10 = 0 then 'awaiting_payment' else 'paid' end, 'EUR', 1, 1000, 220, 1220, t.at,
      case when n % 10 = 0 then null else t.at end
    from generate_series(1, ${orders}) as n
      join subscriptions s on s.id = ${from.service} + 1 + n % ${services}
      cross join lateral (select now() - make_interval(mins => ${orders} - n) as at) t`.execute(db);

  await sql`
    insert into payment_attempts (public_id, order_id, customer_id, status, amount_cents, currency, bank_session_id,
      card_brand, card_last4, decline_reason, created_at, updated_at, completed_at)
    select 'pa_' || md5(tries.key), o.id, o.customer_id, tries.status, o.total_cents, 'EUR', 'ps_' || md5('s' || tries.key),
      'visa', lpad(((o.id * 7919 + tries.try) % 10000)::text, 4, '0'),
      case when tries.status = 'declined' then 'do_not_honor' end, o.created_at, o.created_at, o.created_at
    from orders o
      cross join lateral (
        select 'a' || o.id || '.' || t.try as key, t.try,
          case when t.try = 0 and o.state = 'paid' then 'captured' else 'declined' end as status
        from (values (0), (1)) as t (try)
        where t.try = 0 or o.id % 5 = 0
      ) tries
    where o.id > ${from.order}`.execute(db);

  await sql`analyze`.execute(db);
}

const FIRST_NAMES = sql.raw(
  `array['Mario','Giulia','Luca','Francesca','Nicolò','Chiara','Andrea','Sara','Matteo','Martina','Lorenzo',
  'Alessia','Gabriele','Federica','Davide','Elena','Riccardo','Giorgia','Tommaso','Beatrice']`,
);
const LAST_NAMES = sql.raw(
  `array['Rossi','Russo','Ferrari','Esposito','Bianchi','Romano','Colombo','Ricci','Marino','Greco','Bruno',
  'Gallo','Conti','De Luca','Mancini','Costa','Giordano','Rizzo','Lombardi','Dell''Acqua']`,
);
