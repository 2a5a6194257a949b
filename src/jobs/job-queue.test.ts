import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { merchantMigrations } from '../db/migrations/index.ts';
import type { MerchantDatabase } from '../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/test-databases.ts';
import { claimJobs, completeJob, countDueJobs, enqueueJob, failJob } from './job-queue.ts';
import { drainQueue } from './worker.ts';

const T0 = new Date('2030-01-01T00:00:00Z');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testDatabaseKinds())('job queue on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it('a job is written with its cause: a rolled-back transaction leaves none; a singleton key is enqueued once', async () => {
    const db = database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { queue: 'q.rollback', payload: {}, runAt: T0 });
        throw new Error('cause failed');
      }),
    ).rejects.toThrow('cause failed');
    expect(await countDueJobs(db, 'q.rollback', at(1))).toBe(0);
    expect(await enqueueJob(db, { queue: 'q.single', payload: { n: 1 }, runAt: T0, singletonKey: 'one' })).toBe(true);
    expect(await enqueueJob(db, { queue: 'q.single', payload: { n: 2 }, runAt: T0, singletonKey: 'one' })).toBe(false);
    expect(await countDueJobs(db, 'q.single', T0)).toBe(1);
  });

  it('claims only due jobs, by the caller’s clock; a lost lease is claimed again, and the stale claim cannot complete', async () => {
    const db = database.db;
    await enqueueJob(db, { queue: 'q.due', payload: { n: 'now' }, runAt: T0 });
    await enqueueJob(db, { queue: 'q.due', payload: { n: 'later' }, runAt: at(60) });
    const first = await claimJobs(db, { queue: 'q.due', now: at(1), limit: 10, leaseMs: 5 * 60_000 });
    expect(first.map((j) => j.payload)).toEqual([{ n: 'now' }]);
    expect(await claimJobs(db, { queue: 'q.due', now: at(2), limit: 10, leaseMs: 60_000 })).toEqual([]);
    const again = await claimJobs(db, { queue: 'q.due', now: at(10), limit: 10, leaseMs: 60_000 });
    expect(again.map((j) => [j.payload, j.attempts])).toEqual([[{ n: 'now' }, 2]]);
    expect(await completeJob(db, first[0]!, at(10))).toBe(false);
    expect(await completeJob(db, again[0]!, at(10))).toBe(true);
    expect(await countDueJobs(db, 'q.due', at(59))).toBe(0);
    expect(await countDueJobs(db, 'q.due', at(60))).toBe(1);
  });

  it('a failing job is queued again later, then failed for good after its attempts', async () => {
    const db = database.db;
    await enqueueJob(db, { queue: 'q.fail', payload: {}, runAt: T0, maxAttempts: 2 });
    const [job] = await claimJobs(db, { queue: 'q.fail', now: T0, limit: 1, leaseMs: 60_000 });
    expect(await failJob(db, job!, 'boom', at(15))).toBe('retrying');
    expect(await countDueJobs(db, 'q.fail', at(14))).toBe(0);
    const [second] = await claimJobs(db, { queue: 'q.fail', now: at(15), limit: 1, leaseMs: 60_000 });
    expect(await failJob(db, second!, 'boom again', at(30))).toBe('failed');
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', job!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', last_error: 'boom again', attempts: 2 });
  });

  it('concurrent drains run each job once', async () => {
    const db = database.db;
    for (let i = 0; i < 60; i++) await enqueueJob(db, { queue: 'q.many', payload: { i }, runAt: T0 });
    const seen: number[] = [];
    const counts = await Promise.all(
      Array.from({ length: 4 }, (_, w) =>
        drainQueue(
          { db, clock: { now: () => T0 }, logger: silent, workerId: `w${w}` },
          {
            queue: 'q.many',
            batchSize: 5,
            backoff: { baseMs: 1000, maxMs: 1000 },
            maxAttempts: 3,
            leaseMs: 60_000,
            handle: async (payload: { i: number }) => {
              seen.push(payload.i);
              await new Promise((resolve) => setImmediate(resolve));
              return { kind: 'done' };
            },
          },
        ),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen).toHaveLength(60);
  });
});
