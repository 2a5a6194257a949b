import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../database.ts';
import { migrateToLatest } from '../migrator.ts';
import type { MerchantDatabase } from '../schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../test-databases.ts';
import { merchantMigrations } from './index.ts';

// These tests open and migrate PGlite from scratch: seconds on a quiet machine, past 30 s on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const at = new Date('2026-11-30T10:00:00Z');
const before = Object.fromEntries(
  Object.entries(merchantMigrations).filter(([name]) => name < '2026-12-01-040-payments-core'),
);

describe.each(testDatabaseKinds())('the payments-core migration on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    // A merchant database as the first release left it: a paid order, two open attempts of one order, a saved and a
    // pending card verification, an approved and an in-flight renewal charge, emails waiting and one cut mid-send.
    database = await openTestDatabase<MerchantDatabase>(kind, before);
    const db = database.db as never as Kysely<unknown>;
    const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0] as T;
    const customer = await one<{ id: number }>(sql`insert into customers (email, password_hash, name, locale)
      values ('m@example.com', 'x', 'Mario', 'it') returning id`);
    await sql`insert into products (code, name_it, name_en, yearly_price_cents, vat_rate_bp, auto_renew_available)
      values ('pec', 'PEC', 'PEC', 1000, 2200, true) on conflict do nothing`.execute(db);
    const sub = await one<{ id: number }>(sql`insert into subscriptions (customer_id, product_code, label, status,
      activated_on, expires_on) values (${customer.id}, 'pec', 'm@pec', 'active', '2026-01-01', '2027-01-01') returning id`);
    const card = await one<{
      id: number;
    }>(sql`insert into saved_cards (customer_id, bank_token, brand, last4, exp_month,
      exp_year, holder) values (${customer.id}, 'card_tok', 'visa', '4242', 12, 2030, 'Mario') returning id`);
    const order = async (n: number) =>
      one<{ id: number }>(sql`insert into orders (number, customer_id, subscription_id, kind, state, currency,
        period_years, net_cents, vat_cents, total_cents) values (${`ORD-2026-00000${n}`}, ${customer.id}, ${sub.id},
        'renewal', 'awaiting_payment', 'EUR', 1, 1000, 220, 1220) returning id`);
    const paid = await order(1);
    const busy = await order(2);
    const renewed = await order(3);
    const inFlight = await order(4);
    const attempt = (orderId: number, status: string, n: number) =>
      one<{ id: number }>(sql`insert into payment_attempts (public_id, order_id, customer_id, request_key, status,
        amount_cents, currency, bank_session_id) values (${`pa_${String(n).padStart(32, '0')}`}, ${orderId},
        ${customer.id}, ${`request-key-${String(n).padStart(8, '0')}`}, ${status}, 1220, 'EUR', ${`ps_${n}`})
        returning id`);
    ids.paid = (await attempt(paid.id, 'authorized', 1)).id;
    ids.olderOpen = (await attempt(busy.id, 'redirected', 2)).id;
    ids.newerOpen = (await attempt(busy.id, 'authenticating', 3)).id;
    await sql`insert into card_verifications (public_id, customer_id, status, bank_session_id, saved_card_id, refund_id,
      created_at) values (${`cv_${'1'.repeat(32)}`}, ${customer.id}, 'saved', 'ps_cv1', ${card.id}, 're_1', ${at}),
      (${`cv_${'2'.repeat(32)}`}, ${customer.id}, 'saved', 'ps_cv2', ${card.id}, null, ${at})`.execute(db);
    const owed = await one<{ id: number }>(sql`select id from card_verifications where refund_id is null`);
    await sql`insert into jobs (queue, payload, singleton_key, run_at) values ('card.verification_refund',
      ${JSON.stringify({ verificationId: owed.id })}, ${`card.verification_refund:${owed.id}`}, ${at})`.execute(db);
    const renewal = async (orderId: number, period: string) =>
      one<{ id: number }>(sql`insert into renewals (subscription_id, customer_id, order_id, period_start, status,
        card_id) values (${sub.id}, ${customer.id}, ${orderId}, ${period}, 'scheduled', ${card.id}) returning id`);
    const r1 = await renewal(renewed.id, '2027-01-01');
    const r2 = await renewal(inFlight.id, '2028-01-01');
    await sql`insert into renewal_charges (renewal_id, order_id, attempt_no, card_id, amount_cents, currency,
      idempotency_key, status, bank_charge_id, created_at) values
      (${r1.id}, ${renewed.id}, 1, ${card.id}, 1220, 'EUR', 'renewal:order:3:try:1', 'approved', 'ch_1', ${at}),
      (${r2.id}, ${inFlight.id}, 1, ${card.id}, 1220, 'EUR', 'renewal:order:4:try:1', 'pending', null, ${at})`.execute(
      db,
    );
    await sql`insert into email_outbox (dedupe_key, message_id, to_address, locale, template, data, status, attempts)
      values ('e1', '<e1@x>', 'm@example.com', 'it', 'service_expiring', '{}', 'pending', 0),
      ('e2', '<e2@x>', 'm@example.com', 'it', 'service_expiring', '{}', 'sending', 1)`.execute(db);
    await migrateToLatest(db, merchantMigrations);
  });
  afterAll(async () => {
    await database?.close();
  });

  const attemptsBy = (purpose: string) =>
    database.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('purpose', '=', purpose as never)
      .orderBy('id')
      .execute();

  it('turns what the old sandbox captured into captured attempts, and keeps one open attempt per order', async () => {
    const rows = await attemptsBy('order_payment');
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    expect(byId.get(ids.paid!)?.status).toBe('captured');
    expect(byId.get(ids.newerOpen!)?.status).toBe('authenticating');
    expect(byId.get(ids.olderOpen!)).toMatchObject({ status: 'needs_attention', attention_reason: expect.any(String) });
    // Every open attempt gets the job that settles it: the open payment, and the renewal charge whose answer is unknown.
    const reconcile = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('queue', '=', 'payment.reconcile')
      .execute();
    const inFlight = (await attemptsBy('renewal_charge')).find((c) => c.status === 'created');
    expect(reconcile.map((j) => j.payload)).toEqual([
      { attemptId: ids.newerOpen },
      { attemptId: Number(inFlight?.id) },
    ]);
  });

  it('moves card verifications and renewal charges into attempts, with the refund still owed as a job', async () => {
    const verifications = await attemptsBy('card_verification');
    expect(verifications.map((v) => [v.public_id[3], v.status, v.order_id, v.amount_cents])).toEqual([
      ['1', 'refunded', null, 1],
      ['2', 'refund_pending', null, 1],
    ]);
    const refund = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('queue', '=', 'payment.refund')
      .execute();
    expect(refund.map((j) => j.payload)).toEqual([{ attemptId: Number(verifications[1]?.id) }]);
    const charges = await attemptsBy('renewal_charge');
    expect(charges.map((c) => [c.status, c.renewal_try, c.bank_charge_id])).toEqual([
      ['captured', 1, 'ch_1'],
      ['created', 1, null],
    ]);
    const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables
      where table_name in ('card_verifications', 'renewal_charges')`.execute(database.db);
    expect(Number(tables.rows[0]?.n)).toBe(0);
  });

  it('gives every email still to send its delivery job; the one cut mid-send is pending again', async () => {
    const emails = await database.db
      .selectFrom('email_outbox')
      .select(['dedupe_key', 'status'])
      .orderBy('id')
      .execute();
    expect(emails).toEqual([
      { dedupe_key: 'e1', status: 'pending' },
      { dedupe_key: 'e2', status: 'pending' },
    ]);
    const jobs = await database.db
      .selectFrom('jobs')
      .select('singleton_key')
      .where('queue', '=', 'email.send')
      .execute();
    expect(jobs).toHaveLength(2);
  });
});
