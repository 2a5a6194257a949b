import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { enqueueEmail } from './outbox-repository.ts';

describe.each(testDatabaseKinds())('email outbox on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  });
  afterAll(() => database.close());

  const email = {
    dedupeKey: 'service_expiring:subscription:1:2027-01-01',
    customerId: null,
    to: 'mario.rossi@example.com',
    locale: 'it' as const,
    template: 'service_expiring' as const,
    data: { subscriptionId: 1, productCode: 'pec', label: 'mario@pec.example.it', expiresOn: '2027-01-01' },
    at: new Date('2026-12-01T10:00:00Z'),
  };

  it('writes an email once per event, whoever enqueues it again', async () => {
    const { db } = database;
    expect(await enqueueEmail(db, email)).toBe(true);
    expect(await enqueueEmail(db, email)).toBe(false);
    const rows = await db.selectFrom('email_outbox').selectAll().where('dedupe_key', '=', email.dedupeKey).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 0, template: 'service_expiring', data: email.data });
    expect(rows[0]!.message_id).toMatch(/^<[0-9a-f-]+@cassa\.local>$/);
    expect(rows[0]!.created_at).toEqual(email.at);
    // Its delivery job is written with it, once.
    const jobs = await db.selectFrom('jobs').selectAll().where('queue', '=', 'email.send').execute();
    expect(jobs.map((j) => [j.payload, j.created_at])).toEqual([[{ emailId: Number(rows[0]!.id) }, email.at]]);
    // Due at once, whatever the clock that wrote it said (e.g. a renewal pass run with --now in the future).
    expect(jobs[0]!.run_at.getTime()).toBeLessThanOrEqual(email.at.getTime());
  });

  it('does not exist when the business transaction rolls back', async () => {
    const { db } = database;
    const key = 'service_expiring:subscription:2:2027-01-01';
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueEmail(trx, { ...email, dedupeKey: key });
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await db.selectFrom('email_outbox').select('id').where('dedupe_key', '=', key).execute()).toEqual([]);
    expect(await db.selectFrom('jobs').select('id').where('queue', '=', 'email.send').execute()).toHaveLength(1);
  });
});
