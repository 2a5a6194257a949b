import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { purgeOld } from './retention.ts';

const NOW = new Date('2030-06-01T03:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe.each(testDatabaseKinds())('retention on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it('purges sent emails, finished jobs and applied notifications older than the retention, and nothing else', async () => {
    const db = database.db;
    const email = (key: string, status: 'sent' | 'failed' | 'pending', sentDaysAgo: number | null) =>
      db
        .insertInto('email_outbox')
        .values({
          dedupe_key: key,
          message_id: `<${key}@cassa.local>`,
          customer_id: null,
          to_address: 'mario.rossi@example.com',
          locale: 'it',
          template: 'service_expiring',
          data: '{}',
          status,
          created_at: daysAgo(100),
          sent_at: sentDaysAgo === null ? null : daysAgo(sentDaysAgo),
        })
        .execute();
    await email('old-sent', 'sent', 31);
    await email('recent-sent', 'sent', 29);
    await email('old-failed', 'failed', null);
    await email('old-pending', 'pending', null);
    await enqueueJob(db, { queue: 'q.old', payload: {}, runAt: daysAgo(40), singletonKey: 'old-done' });
    await enqueueJob(db, { queue: 'q.old', payload: {}, runAt: daysAgo(40), singletonKey: 'old-queued' });
    await enqueueJob(db, { queue: 'q.old', payload: {}, runAt: daysAgo(40), singletonKey: 'recent-done' });
    await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: daysAgo(35) })
      .where('singleton_key', '=', 'old-done')
      .execute();
    await db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: daysAgo(2) })
      .where('singleton_key', '=', 'recent-done')
      .execute();
    const event = (id: string, processedDaysAgo: number | null) =>
      db
        .insertInto('gateway_events')
        .values({
          event_id: id,
          type: 'payment_session.authorized',
          bank_session_id: 'ps_x',
          payload: '{}',
          received_at: daysAgo(60),
          processed_at: processedDaysAgo === null ? null : daysAgo(processedDaysAgo),
        })
        .execute();
    await event('evt_old', 45);
    await event('evt_recent', 1);
    await event('evt_unapplied', null);

    expect(await purgeOld(db, NOW, 30)).toEqual({ emails: 1, jobs: 1, events: 1, apiIdempotencyKeys: 0 });
    const emails = await db.selectFrom('email_outbox').select('dedupe_key').orderBy('dedupe_key').execute();
    expect(emails.map((e) => e.dedupe_key)).toEqual(['old-failed', 'old-pending', 'recent-sent']);
    const jobs = await db
      .selectFrom('jobs')
      .select('singleton_key')
      .where('queue', '=', 'q.old')
      .orderBy('id')
      .execute();
    expect(jobs.map((j) => j.singleton_key)).toEqual(['old-queued', 'recent-done']);
    const events = await db.selectFrom('gateway_events').select('event_id').orderBy('event_id').execute();
    expect(events.map((e) => e.event_id)).toEqual(['evt_recent', 'evt_unapplied']);
    expect(await purgeOld(db, NOW, 30)).toEqual({ emails: 0, jobs: 0, events: 0, apiIdempotencyKeys: 0 });
  });

  it('forgets API Idempotency-Keys after 48 hours (kept at least the 24 promised), and nothing newer', async () => {
    const db = database.db;
    const key = await db
      .insertInto('api_keys')
      .values({
        name: 'erp',
        prefix: 'cassa_test_retentio',
        key_hash: 'h'.repeat(64),
        scopes: 'read',
        mode: 'test',
        created_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (name: string, hoursAgo: number) => ({
      api_key_id: key.id,
      key: name,
      request_hash: 'x',
      status: 'completed' as const,
      response_status: 201,
      response_body: '{}',
      locked_at: new Date(NOW.getTime() - hoursAgo * 3600_000),
      created_at: new Date(NOW.getTime() - hoursAgo * 3600_000),
    });
    await db
      .insertInto('api_idempotency_keys')
      .values([row('old', 49), row('kept', 30)])
      .execute();
    expect((await purgeOld(db, NOW, 30)).apiIdempotencyKeys).toBe(1);
    const left = await db.selectFrom('api_idempotency_keys').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['kept']);
  });
});
