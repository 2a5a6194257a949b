import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { openTestDatabase, testDatabaseKinds } from '../../../db/test-databases.ts';
import type { BankDatabase } from '../schema.ts';
import { bankFoundation } from './2026-11-28-001-bank.ts';
import { bankMigrations } from './index.ts';

// These tests open and migrate PGlite from scratch: seconds on a quiet machine, past 30 s on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const at = new Date('2026-11-30T10:00:00Z');

describe.each(testDatabaseKinds())('the capture migration on %s', (kind) => {
  let database: Database<BankDatabase>;

  beforeAll(async () => {
    // A bank as it was before capture was a step of its own, with one paid and one open session.
    database = await openTestDatabase<BankDatabase>(
      kind,
      { '2026-11-28-001-bank': bankFoundation },
      { schema: 'bank' },
    );
    const db = database.db as never as Kysely<unknown>;
    await sql`insert into merchants (id, name) values ('m1', 'Negozio')`.execute(db);
    await sql`insert into cards (token, merchant_id, customer_reference, status, brand, last4, exp_month, exp_year, holder, pan_ciphertext)
      values ('card_1', 'm1', 'c1', 'transient', 'visa', '4242', 12, 2034, 'Mario Rossi', '')`.execute(db);
    const session = (id: string, status: string, completed: Date | null) => sql`
      insert into payment_sessions (id, merchant_id, merchant_reference, amount_cents, currency, description,
        customer_reference, return_url, notify_url, save_card, locale, status, card_token, authorization_code,
        refunded_cents, expires_at, completed_at)
      values (${id}, 'm1', 'ORD-1', 4880, 'EUR', 'PEC', 'c1', 'http://shop.test/r', 'http://shop.test/n', false, 'it',
        ${status}, 'card_1', ${status === 'authorized' ? 'ABC123' : null}, ${status === 'authorized' ? 1000 : 0},
        ${at}, ${completed})`;
    await session('ps_paid', 'authorized', at).execute(db);
    await session('ps_open', 'awaiting_card', null).execute(db);
    await migrateToLatest(db, bankMigrations, kind === 'postgres' ? { schema: 'bank' } : {});
  });
  afterAll(async () => {
    await database?.close();
  });

  it('turns the sessions authorized under the old semantics into captured ones, with a history row', async () => {
    const paid = await database.db
      .selectFrom('payment_sessions')
      .selectAll()
      .where('id', '=', 'ps_paid')
      .executeTakeFirstOrThrow();
    expect(paid).toMatchObject({
      status: 'captured',
      capture_method: 'automatic',
      amount_captured_cents: 4880,
      refunded_cents: 1000,
      captured_at: at,
      void_reason: null,
    });
    const history = await database.db
      .selectFrom('payment_session_events')
      .select(['from_status', 'to_status'])
      .where('payment_session_id', '=', 'ps_paid')
      .execute();
    expect(history).toEqual([{ from_status: 'authorized', to_status: 'captured' }]);
    const open = await database.db
      .selectFrom('payment_sessions')
      .selectAll()
      .where('id', '=', 'ps_open')
      .executeTakeFirstOrThrow();
    expect(open).toMatchObject({ status: 'awaiting_card', capture_method: 'automatic', amount_captured_cents: 0 });
  });

  it('lets the database refuse a refund beyond what was captured, and a captured session without its amount', async () => {
    await expect(
      database.db.updateTable('payment_sessions').set({ refunded_cents: 4881 }).where('id', '=', 'ps_paid').execute(),
    ).rejects.toThrow();
    await expect(
      database.db
        .updateTable('payment_sessions')
        .set({ status: 'authorized', completed_at: at, authorization_code: 'X' })
        .where('id', '=', 'ps_open')
        .execute(),
    ).rejects.toThrow(/hold_check/);
    await expect(
      database.db
        .updateTable('payment_sessions')
        .set({ status: 'bogus' as never, completed_at: at })
        .where('id', '=', 'ps_open')
        .execute(),
    ).rejects.toThrow(/status_check/);
  });
});
