import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../../db/test-databases.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { seedDemoData } from '../../demo/demo-data.ts';
import { loadDashboard } from './dashboard-figures.ts';

const ROME = 'Europe/Rome';
const NOW = new Date('2031-03-15T08:00:00Z');
// The window's bounds written out by hand: 30 business days ending 2031-03-15 in Rome (UTC+1 until 30 March).
const FROM_30 = '2031-02-13T23:00:00Z';
const FROM_90 = '2030-12-15T23:00:00Z';
const TO = '2031-03-15T23:00:00Z';

describe.each(testDatabaseKinds())('dashboard figures on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
    await seedDemoData(db, { clock: new ManualClock(NOW), timeZone: ROME });
  });
  afterAll(() => close());

  const one = async (query: string): Promise<number> => {
    const { rows } = await sql.raw<{ n: string | number | null }>(query).execute(db);
    return Number(rows[0]?.n ?? 0);
  };

  it('counts payments per day by outcome, every day of the window present', async () => {
    for (const [days, from] of [
      [30, FROM_30],
      [90, FROM_90],
    ] as const) {
      const figures = await loadDashboard(db, { now: NOW, timeZone: ROME, days });
      expect(figures.paymentsByDay).toHaveLength(days);
      expect(figures.paymentsByDay[0]?.day).toBe(days === 30 ? '2031-02-14' : '2030-12-16');
      expect(figures.paymentsByDay.at(-1)?.day).toBe('2031-03-15');
      const sum = (k: 'captured' | 'declined' | 'other') => figures.paymentsByDay.reduce((n, d) => n + d[k], 0);
      const where = `purpose <> 'card_verification' and created_at >= '${from}' and created_at < '${TO}'`;
      expect(sum('captured')).toBe(
        await one(`select count(*) n from payment_attempts where status = 'captured' and ${where}`),
      );
      expect(sum('declined')).toBe(
        await one(`select count(*) n from payment_attempts where status = 'declined' and ${where}`),
      );
      expect(sum('captured')).toBeGreaterThan(20);
      // One day checked on its own: the busiest.
      const busiest = [...figures.paymentsByDay].sort((a, b) => b.captured - a.captured)[0];
      const start = new Date(`${busiest?.day}T00:00:00+01:00`).toISOString();
      const end = new Date(new Date(start).getTime() + 86_400_000).toISOString();
      expect(busiest?.captured).toBe(
        await one(`select count(*) n from payment_attempts where status = 'captured' and purpose <> 'card_verification'
          and created_at >= '${start}' and created_at < '${end}'`),
      );
    }
  });

  it('counts decline reasons and revenue per product over the window', async () => {
    const figures = await loadDashboard(db, { now: NOW, timeZone: ROME, days: 90 });
    expect(figures.declineReasons.length).toBeGreaterThan(2);
    for (const { reason, count } of figures.declineReasons) {
      expect(count).toBe(
        await one(`select count(*) n from payment_attempts where status = 'declined' and decline_reason = '${reason}'
          and created_at >= '${FROM_90}' and created_at < '${TO}'`),
      );
    }
    for (const { productCode, cents } of figures.revenueByProduct) {
      const captured = await one(`select sum(a.amount_cents) n from payment_attempts a
        join orders o on o.id = a.order_id join subscriptions s on s.id = o.subscription_id
        where a.status = 'captured' and s.product_code = '${productCode}'
          and a.completed_at >= '${FROM_90}' and a.completed_at < '${TO}'`);
      const refunded = await one(`select sum(f.amount_cents) n from refunds f
        join orders o on o.id = f.order_id join subscriptions s on s.id = o.subscription_id
        where f.status = 'succeeded' and s.product_code = '${productCode}'
          and f.completed_at >= '${FROM_90}' and f.completed_at < '${TO}'`);
      expect(cents).toBe(captured - refunded);
    }
    expect(figures.revenueByProduct.length).toBeGreaterThanOrEqual(4);
  });

  it('reads the health of automatic renewal', async () => {
    const { renewals } = await loadDashboard(db, { now: NOW, timeZone: ROME, days: 90 });
    const inWindow = `r.first_charged_at >= '${FROM_90}' and r.first_charged_at < '${TO}'`;
    const first = `join payment_attempts a on a.renewal_id = r.id and a.renewal_try = 1`;
    expect(renewals.charged).toBe(await one(`select count(*) n from renewals r where ${inWindow}`));
    expect(renewals.firstTrySucceeded).toBe(
      await one(`select count(*) n from renewals r ${first} where a.status = 'captured' and ${inWindow}`),
    );
    expect(renewals.recovered).toBe(
      await one(`select count(*) n from renewals r ${first} where a.status = 'declined' and r.status = 'succeeded'
        and ${inWindow}`),
    );
    expect(renewals.recovered).toBeGreaterThan(0);
    for (const { code, declined, recovered } of renewals.recoveryByCode) {
      const where = `a.status = 'declined' and a.decline_reason = '${code}' and ${inWindow}`;
      expect(declined).toBe(await one(`select count(*) n from renewals r ${first} where ${where}`));
      expect(recovered).toBe(
        await one(`select count(*) n from renewals r ${first} where ${where} and r.status = 'succeeded'`),
      );
    }
    const due = (days: number) =>
      one(`select count(*) n from subscriptions where status = 'active' and auto_renew
        and expires_on > '2031-03-15' and expires_on <= date '2031-03-15' + ${days}`);
    expect(renewals.dueIn7).toBe(await due(7));
    expect(renewals.dueIn30).toBe(await due(30));
    // Mario's lapsing services count too: his PEC, SPID and Fatturazione PA, Giulia's PEC.
    expect(renewals.lapsingIn30).toBe(
      await one(`select count(*) n from subscriptions where status = 'active' and not auto_renew
        and expires_on between '2031-03-15' and '2031-04-14'`),
    );
    expect(renewals.lapsingIn30).toBeGreaterThan(4);
  });

  it('reads the queues: jobs per queue, emails, attempts needing attention, failed webhook deliveries', async () => {
    const before = await loadDashboard(db, { now: NOW, timeZone: ROME, days: 30 });
    expect(before.queues.jobs).toEqual([]);
    expect(before.queues.emails).toEqual({ pending: 0, failed: 3, oldestPendingAgeMs: null });
    const at = new Date(NOW.getTime() - 3_600_000);
    await db
      .insertInto('jobs')
      .values([
        { queue: 'email.send', payload: '{}', run_at: at, created_at: at },
        { queue: 'email.send', payload: '{}', run_at: new Date(NOW.getTime() + 60_000), created_at: at },
        { queue: 'payment.reconcile', payload: '{}', run_at: at, created_at: at, status: 'done' },
      ])
      .execute();
    const customer = await db.selectFrom('customers').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('email_outbox')
      .values({
        dedupe_key: 'test:pending',
        message_id: '<test-pending@cassa.local>',
        customer_id: customer.id,
        to_address: 'x@example.com',
        locale: 'it',
        template: 'password_reset',
        data: '{}',
        created_at: new Date(NOW.getTime() - 120_000),
      })
      .execute();
    const after = await loadDashboard(db, { now: NOW, timeZone: ROME, days: 30 });
    expect(after.queues.jobs).toEqual([{ queue: 'email.send', open: 2, oldestDueAgeMs: 3_600_000 }]);
    expect(after.queues.emails).toEqual({ pending: 1, failed: 3, oldestPendingAgeMs: 120_000 });
    expect(after.queues.attemptsNeedingAttention).toBe(0);
    expect(after.queues.webhookDeliveriesFailed).toBe(0);
  });

  it('is all zeros on an empty window', async () => {
    const later = new Date('2032-06-01T10:00:00Z');
    const figures = await loadDashboard(db, { now: later, timeZone: ROME, days: 30 });
    expect(figures.paymentsByDay.every((d) => d.captured + d.declined + d.other === 0)).toBe(true);
    expect(figures.declineReasons).toEqual([]);
    expect(figures.revenueByProduct).toEqual([]);
    expect(figures.renewals).toMatchObject({ charged: 0, firstTrySucceeded: 0, recovered: 0, recoveryByCode: [] });
  });
});
