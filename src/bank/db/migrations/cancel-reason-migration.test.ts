import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { migrateToLatest } from '../../../db/migrator.ts';
import { openTestDatabase, testDatabaseKinds } from '../../../db/test-databases.ts';
import type { BankDatabase } from '../schema.ts';
import { bankMigrations } from './index.ts';

// These tests open and migrate PGlite from scratch: seconds on a quiet machine, past 30 s on a loaded CI machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const at = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabaseKinds())('the cancel-reason migration on %s', (kind) => {
  let database: Database<BankDatabase>;

  beforeAll(async () => {
    // A bank as it was before sessions said who cancelled them: one cancelled (by the merchant: the only way then).
    const before = Object.fromEntries(
      Object.entries(bankMigrations).filter(([name]) => name < '2026-12-02-040-cancel-reason'),
    );
    database = await openTestDatabase<BankDatabase>(kind, before, { schema: 'bank' });
    const db = database.db as never as Kysely<unknown>;
    await sql`insert into merchants (id, name) values ('m1', 'Negozio')`.execute(db);
    const session = (id: string, status: string, completed: Date | null) => sql`
      insert into payment_sessions (id, merchant_id, merchant_reference, amount_cents, currency, description,
        customer_reference, return_url, notify_url, save_card, locale, status, expires_at, completed_at)
      values (${id}, 'm1', 'ORD-1', 4880, 'EUR', 'PEC', 'c1', 'http://shop.test/r', 'http://shop.test/n', false, 'it',
        ${status}, ${at}, ${completed})`;
    await session('ps_cancelled', 'cancelled', at).execute(db);
    await session('ps_open', 'awaiting_card', null).execute(db);
    await migrateToLatest(db, bankMigrations, kind === 'postgres' ? { schema: 'bank' } : {});
  });
  afterAll(async () => {
    await database?.close();
  });

  it('says the sessions cancelled before were cancelled by the merchant, and the open ones by nobody', async () => {
    const rows = await database.db
      .selectFrom('payment_sessions')
      .select(['id', 'cancel_reason'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'ps_cancelled', cancel_reason: 'merchant' },
      { id: 'ps_open', cancel_reason: null },
    ]);
  });

  it('lets the database refuse a cancelled session without its reason, and a reason on any other', async () => {
    await expect(
      database.db
        .updateTable('payment_sessions')
        .set({ status: 'cancelled', completed_at: at })
        .where('id', '=', 'ps_open')
        .execute(),
    ).rejects.toThrow(/cancel_check/);
    await expect(
      database.db
        .updateTable('payment_sessions')
        .set({ cancel_reason: 'customer' })
        .where('id', '=', 'ps_open')
        .execute(),
    ).rejects.toThrow(/cancel_check/);
    await expect(
      database.db
        .updateTable('payment_sessions')
        .set({ cancel_reason: 'bystander' as never })
        .where('id', '=', 'ps_cancelled')
        .execute(),
    ).rejects.toThrow(/cancel_check/);
  });
});
