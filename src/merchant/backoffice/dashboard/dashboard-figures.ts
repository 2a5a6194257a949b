import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { businessDate, businessDayStart } from '../../../shared/business-time.ts';
import { addDays } from '../../../shared/clock.ts';

type Db = Kysely<MerchantDatabase>;

export const DASHBOARD_WINDOWS = [30, 90] as const;
export type DashboardDays = (typeof DASHBOARD_WINDOWS)[number];

/** The window: `days` business days ending today (both included), and the instants that bound them. */
export interface DashboardWindow {
  days: DashboardDays;
  /** 'YYYY-MM-DD', the first day. */
  from: string;
  /** 'YYYY-MM-DD', today. */
  to: string;
  fromInstant: Date;
  /** The start of the day after `to`. */
  toInstant: Date;
}

export interface DayPayments {
  day: string;
  captured: number;
  declined: number;
  /** Any other status: open, failed, abandoned, cancelled, voided, refunded, needs attention. */
  other: number;
}

export interface RenewalHealth {
  /** Active services renewing automatically whose expiry is after today and within 7 / 30 days. */
  dueIn7: number;
  dueIn30: number;
  /** Renewals whose first charge was made in the window. */
  charged: number;
  /** Of those, the ones whose first charge was captured. */
  firstTrySucceeded: number;
  /** Of those, the ones that succeeded after at least one declined charge. */
  recovered: number;
  /** Per code of the first declined charge: how many renewals, and how many of them succeeded later. */
  recoveryByCode: { code: string; declined: number; recovered: number }[];
  /** Active services without automatic renewal, expiring from today to 30 days on, with no paid renewal order. */
  lapsingIn30: number;
}

export interface QueueFigures {
  /** Per queue: jobs queued or running, and how long the oldest due queued one has waited (ms; null: none due). */
  jobs: { queue: string; open: number; oldestDueAgeMs: number | null }[];
  emails: { pending: number; failed: number; oldestPendingAgeMs: number | null };
  attemptsNeedingAttention: number;
  webhookDeliveriesFailed: number;
}

export interface DashboardFigures {
  window: DashboardWindow;
  /** Every day of the window, oldest first, zeros included: order payments and renewal charges by creation day. */
  paymentsByDay: DayPayments[];
  /** Declined order payments and renewal charges made in the window, by reason, most frequent first. */
  declineReasons: { reason: string; count: number }[];
  /** Per product: captured in the window minus refunds succeeded in the window, cents; largest first. */
  revenueByProduct: { productCode: string; name: { it: string; en: string }; cents: number }[];
  renewals: RenewalHealth;
  queues: QueueFigures;
}

/** The window of `days` business days that ends on `now`'s day in `timeZone`. */
export function dashboardWindow(now: Date, timeZone: string, days: DashboardDays): DashboardWindow {
  const to = businessDate(now, timeZone);
  const from = addDays(to, -(days - 1));
  return {
    days,
    from,
    to,
    fromInstant: businessDayStart(from, timeZone),
    toInstant: businessDayStart(addDays(to, 1), timeZone),
  };
}

/**
 * Every figure of the back office's dashboard (docs/backoffice.md, "Dashboard"), read at `now`: what the money did
 * over the window, how automatic renewal is doing, and what waits in the queues. Read only; a handful of queries.
 */
export async function loadDashboard(
  db: Db,
  options: { now: Date; timeZone: string; days: DashboardDays },
): Promise<DashboardFigures> {
  const window = dashboardWindow(options.now, options.timeZone, options.days);
  const [paymentsByDay, declineReasons, revenueByProduct, renewals, queues] = await Promise.all([
    paymentsPerDay(db, window, options.timeZone),
    declines(db, window),
    revenue(db, window),
    renewalHealth(db, window, options.timeZone),
    queueFigures(db, options.now),
  ]);
  return { window, paymentsByDay, declineReasons, revenueByProduct, renewals, queues };
}

const MONEY_PURPOSES = sql`('order_payment', 'renewal_charge')`;

async function paymentsPerDay(db: Db, w: DashboardWindow, timeZone: string): Promise<DayPayments[]> {
  const { rows } = await sql<{ day: string; captured: number; declined: number; other: number }>`
    select to_char(created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day,
      (count(*) filter (where status = 'captured'))::int as captured,
      (count(*) filter (where status = 'declined'))::int as declined,
      (count(*) filter (where status not in ('captured', 'declined')))::int as other
    from payment_attempts
    where purpose in ${MONEY_PURPOSES} and created_at >= ${w.fromInstant} and created_at < ${w.toInstant}
    group by 1`.execute(db);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: w.days }, (_, i) => {
    const day = addDays(w.from, i);
    const row = byDay.get(day);
    return { day, captured: row?.captured ?? 0, declined: row?.declined ?? 0, other: row?.other ?? 0 };
  });
}

async function declines(db: Db, w: DashboardWindow) {
  const { rows } = await sql<{ reason: string; count: number }>`
    select coalesce(decline_reason, 'unknown') as reason, count(*)::int as count
    from payment_attempts
    where purpose in ${MONEY_PURPOSES} and status = 'declined'
      and created_at >= ${w.fromInstant} and created_at < ${w.toInstant}
    group by 1 order by 2 desc, 1`.execute(db);
  return rows;
}

/**
 * Money taken: attempts captured in the window (still `captured`, or `refunded` through the refunds of refunds/),
 * minus refunds that succeeded in the window, per product of the order's service.
 */
async function revenue(db: Db, w: DashboardWindow) {
  const { rows } = await sql<{ product_code: string; name_it: string; name_en: string; cents: string | number }>`
    with money as (
      select o.subscription_id, a.amount_cents as cents
      from payment_attempts a join orders o on o.id = a.order_id
      where a.purpose in ${MONEY_PURPOSES}
        and (a.status = 'captured' or (a.status = 'refunded' and exists (
          select 1 from refunds f where f.attempt_id = a.id and f.status = 'succeeded')))
        and a.completed_at >= ${w.fromInstant} and a.completed_at < ${w.toInstant}
      union all
      select o.subscription_id, -f.amount_cents
      from refunds f join orders o on o.id = f.order_id
      where f.status = 'succeeded' and f.completed_at >= ${w.fromInstant} and f.completed_at < ${w.toInstant}
    )
    select s.product_code, p.name_it, p.name_en, sum(m.cents)::int8 as cents
    from money m join subscriptions s on s.id = m.subscription_id join products p on p.code = s.product_code
    group by 1, 2, 3 order by 4 desc, 1`.execute(db);
  return rows.map((r) => ({
    productCode: r.product_code,
    name: { it: r.name_it, en: r.name_en },
    cents: Number(r.cents),
  }));
}

async function renewalHealth(db: Db, w: DashboardWindow, timeZone: string): Promise<RenewalHealth> {
  const today = w.to;
  const services = sql<{ due7: number; due30: number; lapsing: number }>`
    select
      (count(*) filter (where s.auto_renew and s.expires_on > ${today}::date
        and s.expires_on <= ${addDays(today, 7)}::date))::int as due7,
      (count(*) filter (where s.auto_renew and s.expires_on > ${today}::date))::int as due30,
      (count(*) filter (where not s.auto_renew and s.expires_on >= ${today}::date and not exists (
        select 1 from orders o where o.subscription_id = s.id and o.kind = 'renewal' and o.state = 'paid'
          and o.paid_at >= ((s.expires_on - interval '1 year') at time zone ${timeZone}))))::int as lapsing
    from subscriptions s
    where s.status = 'active' and s.expires_on <= ${addDays(today, 30)}::date`.execute(db);
  // One row per renewal first charged in the window: its first try's outcome and code, and whether it succeeded.
  const charged = sql<{ code: string | null; first_ok: boolean; succeeded: boolean }>`
    select (case when a.status = 'declined' then coalesce(a.decline_reason, 'unknown') end) as code,
      a.status = 'captured' as first_ok, r.status = 'succeeded' as succeeded
    from renewals r join payment_attempts a on a.renewal_id = r.id and a.renewal_try = 1
    where r.first_charged_at >= ${w.fromInstant} and r.first_charged_at < ${w.toInstant}`.execute(db);
  const [{ rows: counts }, { rows }] = await Promise.all([services, charged]);
  const byCode = new Map<string, { code: string; declined: number; recovered: number }>();
  for (const row of rows) {
    if (row.code === null) continue;
    const entry = byCode.get(row.code) ?? { code: row.code, declined: 0, recovered: 0 };
    entry.declined++;
    if (row.succeeded) entry.recovered++;
    byCode.set(row.code, entry);
  }
  const c = counts[0] ?? { due7: 0, due30: 0, lapsing: 0 };
  return {
    dueIn7: c.due7,
    dueIn30: c.due30,
    charged: rows.length,
    firstTrySucceeded: rows.filter((r) => r.first_ok).length,
    recovered: rows.filter((r) => r.code !== null && r.succeeded).length,
    recoveryByCode: [...byCode.values()].sort((a, b) => b.declined - a.declined || a.code.localeCompare(b.code)),
    lapsingIn30: c.lapsing,
  };
}

async function queueFigures(db: Db, now: Date): Promise<QueueFigures> {
  const jobs = sql<{ queue: string; open: number; oldest: Date | null }>`
    select queue, count(*)::int as open, min(run_at) filter (where status = 'queued' and run_at <= ${now}) as oldest
    from jobs where status in ('queued', 'running') group by queue order by queue`.execute(db);
  const singles = sql<{ pending: number; failed: number; oldest: Date | null; attention: number; webhooks: number }>`
    select
      (select count(*) from email_outbox where status = 'pending')::int as pending,
      (select count(*) from email_outbox where status = 'failed')::int as failed,
      (select min(created_at) from email_outbox where status = 'pending') as oldest,
      (select count(*) from payment_attempts where status = 'needs_attention')::int as attention,
      (select count(*) from webhook_deliveries where status = 'failed')::int as webhooks`.execute(db);
  const [{ rows: jobRows }, { rows: one }] = await Promise.all([jobs, singles]);
  const age = (at: Date | null) => (at === null ? null : Math.max(0, now.getTime() - new Date(at).getTime()));
  const s = one[0] ?? { pending: 0, failed: 0, oldest: null, attention: 0, webhooks: 0 };
  return {
    jobs: jobRows.map((r) => ({ queue: r.queue, open: r.open, oldestDueAgeMs: age(r.oldest) })),
    emails: { pending: s.pending, failed: s.failed, oldestPendingAgeMs: age(s.oldest) },
    attemptsNeedingAttention: s.attention,
    webhookDeliveriesFailed: s.webhooks,
  };
}
