import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays, ManualClock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { renewalSettings } from '../renewals/renewal-deps.ts';
import { runRenewalPass } from '../renewals/renewal-pass.ts';
import { findDueSubscriptions } from '../renewals/renewal-repository.ts';
import { seedDemoData } from './demo-data.ts';
import { planDemoHistory } from './demo-history-plan.ts';

const ROME = 'Europe/Rome';

describe.each(testDatabaseKinds())('demo history on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2031-03-15T08:00:00Z');
  const today = businessDate(clock.now(), ROME);

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
    await seedDemoData(db, { clock, timeZone: ROME });
  });
  afterAll(() => close());

  const count = async (query: string) => {
    const { rows } = await import('kysely').then(({ sql }) => sql.raw<{ n: string }>(query).execute(db));
    return Number(rows[0]?.n);
  };

  it('plans the same rows for the same clock', () => {
    expect(planDemoHistory({ clock, timeZone: ROME })).toEqual(planDemoHistory({ clock, timeZone: ROME }));
  });

  it('adds about forty customers and a few hundred orders within the last 90 days and before', async () => {
    expect(await count(`select count(*) as n from customers where email like 'cliente.%@example.com'`)).toBe(40);
    const orders = await count(`select count(*) as n from orders o join customers c on c.id = o.customer_id
      where c.email like 'cliente.%'`);
    expect(orders).toBeGreaterThanOrEqual(200);
    expect(await count(`select count(*) as n from orders where created_at > '2031-03-15T08:00:00Z'`)).toBe(0);
    for (const state of ['paid', 'cancelled', 'awaiting_payment']) {
      expect(await count(`select count(*) as n from orders where state = '${state}'`)).toBeGreaterThan(3);
    }
    expect(await count(`select count(*) as n from refunds where status = 'succeeded'`)).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from email_outbox where status = 'failed'`)).toBe(3);
  });

  it('leaves nothing for the background work: no open attempt or renewal, no job, no pending email, nothing due', async () => {
    expect(await count(`select count(*) as n from payment_attempts where status not in ('captured', 'declined')`)).toBe(
      0,
    );
    expect(await count(`select count(*) as n from renewals where status in ('scheduled', 'retry_scheduled')`)).toBe(0);
    expect(await count('select count(*) as n from jobs')).toBe(0);
    expect(await count(`select count(*) as n from email_outbox where status = 'pending'`)).toBe(0);
    // Nor for the renewal pass, today or when a test moves the clock a few weeks on.
    for (const from of [0, 6, 12, 24]) {
      const window = { today: addDays(today, from), lastDay: addDays(today, from + 7) };
      expect(await findDueSubscriptions(db, window)).toEqual([]);
    }
    // A renewal pass run now charges nothing and sends only the demo customers' notices.
    const noBank = new Proxy({}, { get: () => () => Promise.reject(new Error('no bank here')) }) as PaymentGateway;
    const config = loadConfig({ NODE_ENV: 'test' });
    const summary = await runRenewalPass({
      db,
      gateway: noBank,
      clock,
      settings: renewalSettings(config),
      logger: pino({ level: 'silent' }),
    });
    expect(summary).toMatchObject({ due: 0, opened: 0, tries: 0, errors: 0 });
    // Mario's PEC, SPID and Fatturazione PA, and Giulia's PEC expire within 30 days without automatic renewal.
    expect(summary.notices).toEqual({ cardExpiring: 0, serviceExpiring: 4 });
    const written = await count(`select count(*) as n from email_outbox where status = 'pending'
      and to_address like 'cliente.%'`);
    expect(written).toBe(0);
  });

  it('pays every paid order by exactly one captured attempt, and no other order', async () => {
    expect(
      await count(`select count(*) as n from orders o join customers c on c.id = o.customer_id
        where c.email like 'cliente.%' and (o.state = 'paid') <> exists (
        select 1 from payment_attempts a where a.order_id = o.id and a.status = 'captured')`),
    ).toBe(0);
    expect(
      await count(`select count(*) as n from payment_attempts a where a.status = 'declined'
        and (a.decline_reason is null or a.decline_kind is null)`),
    ).toBe(0);
  });

  it('has renewals that succeeded at once, after retries, and that failed', async () => {
    expect(
      await count(`select count(*) as n from renewals where status = 'succeeded' and charge_count = 1`),
    ).toBeGreaterThan(5);
    expect(
      await count(`select count(*) as n from renewals where status = 'succeeded' and charge_count > 1`),
    ).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from renewals where status in ('failed', 'closed')`)).toBeGreaterThan(0);
    // The renewal's charge count is its attempts', and its last event is its state.
    expect(
      await count(`select count(*) as n from renewals r where r.charge_count <> (
        select count(*) from payment_attempts a where a.renewal_id = r.id)`),
    ).toBe(0);
    expect(
      await count(`select count(*) as n from renewals r where r.status <> (
        select e.to_status from renewal_events e where e.renewal_id = r.id order by e.id desc limit 1)`),
    ).toBe(0);
  });
});
