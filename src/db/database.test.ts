import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { merchantMigrations } from './migrations/index.ts';
import type { MerchantDatabase } from './schema.ts';
import { openTestDatabase, testDatabaseKinds } from './test-databases.ts';
import { holdTransaction } from './testing/held-transaction.ts';

describe.each(testDatabaseKinds())('merchant database on %s', (kind) => {
  it('migrates and maps int8, date and timestamptz the same way on both engines', async () => {
    const { db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    try {
      const row = await sql<{
        big: number;
        day: string;
        at: Date;
      }>`select 9007199254740991::int8 as big, date '2026-11-28' as day, timestamptz '2026-11-28T10:00:00Z' as at`.execute(
        db,
      );
      expect(row.rows[0]).toEqual({ big: 9007199254740991, day: '2026-11-28', at: new Date('2026-11-28T10:00:00Z') });
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['customers', 'orders', 'order_lines']));
    } finally {
      await close();
    }
  });

  it('keeps customer emails unique whatever their case', async () => {
    const { db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    try {
      const customer = { password_hash: 'x', name: 'M', locale: 'it' as const };
      await db
        .insertInto('customers')
        .values({ ...customer, email: 'mario@example.com' })
        .execute();
      await expect(
        db
          .insertInto('customers')
          .values({ ...customer, email: 'MARIO@example.com' })
          .execute(),
      ).rejects.toThrow(/customers_email_key/);
    } finally {
      await close();
    }
  });

  it('runs concurrent transactions one at a time without mixing them', async () => {
    const { db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    try {
      await sql`create table counter (n integer not null)`.execute(db);
      await sql`insert into counter values (0)`.execute(db);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction().execute(async (trx) => {
            const { rows } = await sql<{ n: number }>`select n from counter for update`.execute(trx);
            await sql`update counter set n = ${rows[0]!.n + 1}`.execute(trx);
          }),
        ),
      );
      const { rows } = await sql<{ n: number }>`select n from counter`.execute(db);
      expect(rows[0]!.n).toBe(20);
    } finally {
      await close();
    }
  });

  it('tells how many connections are in use and how many callers wait for one', async () => {
    const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, { poolSize: 1 });
    try {
      expect(database.poolUsage()).toEqual({ inUse: 0, waiting: 0 });
      const { release: finish, done: transaction } = await holdTransaction(database.db as never);
      const waiter = sql`select 1`.execute(database.db);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(database.poolUsage()).toEqual({ inUse: 1, waiting: 1 });
      finish();
      await Promise.all([transaction, waiter]);
      expect(database.poolUsage()).toEqual({ inUse: 0, waiting: 0 });
    } finally {
      await database.close();
    }
  });
});

describe('the embedded database', () => {
  it('runs with 32 MB of shared buffers, not the 128 MB default (resident memory: docs/performance.md)', async () => {
    const database = await openDatabase<unknown>({ kind: 'pglite', dataDir: undefined });
    try {
      const row = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db);
      expect(row.rows[0]?.shared_buffers).toBe('32MB');
    } finally {
      await database.close();
    }
  });
});
