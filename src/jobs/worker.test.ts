import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { merchantMigrations } from '../db/migrations/index.ts';
import type { MerchantDatabase } from '../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/test-databases.ts';
import { ManualClock } from '../shared/clock.ts';
import { countDueJobs, enqueueJob, releaseClaims } from './job-queue.ts';
import {
  type AnyQueue,
  createWorker,
  drainQueue,
  enqueueScheduled,
  type JobOutcome,
  type WorkerDeps,
} from './worker.ts';
import { beat, forget } from './worker-liveness.ts';

const T0 = new Date('2030-01-01T00:00:00Z');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const MINUTE = 60_000;

describe.each(testDatabaseKinds())('worker on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let clock: ManualClock;
  let deps: WorkerDeps;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });
  const fresh = () => {
    clock = new ManualClock(T0);
    deps = { db: database.db, clock, logger: silent, workerId: 'test-worker' };
  };
  const queue = (
    name: string,
    handle: (payload: { n: number }) => Promise<JobOutcome>,
    extra: Partial<AnyQueue> = {},
  ) =>
    ({
      queue: name,
      handle,
      backoff: { baseMs: MINUTE, maxMs: 60 * MINUTE, jitter: 0 },
      maxAttempts: 3,
      leaseMs: MINUTE,
      ...extra,
    }) satisfies AnyQueue;
  const job = (name: string) =>
    database.db.selectFrom('jobs').selectAll().where('queue', '=', name).executeTakeFirstOrThrow();

  it('a retry waits for the backoff by the app clock, spends an attempt, and the last one gives up once', async () => {
    fresh();
    const givenUp: string[] = [];
    const def = queue('w.retry', async () => ({ kind: 'retry', reason: 'bank not sure yet' }), {
      onGiveUp: async (_p, { error }) => {
        givenUp.push(error);
      },
    });
    await enqueueJob(database.db, { queue: 'w.retry', payload: { n: 1 }, runAt: T0 });
    expect(await drainQueue(deps, def)).toBe(1);
    expect(await job('w.retry')).toMatchObject({ status: 'queued', attempts: 1, last_error: 'bank not sure yet' });
    clock.advance(MINUTE - 1);
    expect(await drainQueue(deps, def)).toBe(0);
    clock.advance(1);
    expect(await drainQueue(deps, def)).toBe(1);
    clock.advance(2 * MINUTE);
    expect(await drainQueue(deps, def)).toBe(1);
    expect(await job('w.retry')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(givenUp).toEqual(['bank not sure yet']);
    clock.advance(60 * MINUTE);
    expect(await drainQueue(deps, def)).toBe(0);
  });

  it('a thrown error is a retry; deferred spends no attempt and runs at its time', async () => {
    fresh();
    let calls = 0;
    const def = queue('w.defer', async () => {
      calls++;
      if (calls === 1) throw new Error('connection refused');
      if (calls < 5) return { kind: 'deferred', until: new Date(clock.now().getTime() + 5 * MINUTE), reason: 'paying' };
      return { kind: 'done' };
    });
    await enqueueJob(database.db, { queue: 'w.defer', payload: { n: 1 }, runAt: T0 });
    await drainQueue(deps, def);
    expect(await job('w.defer')).toMatchObject({ status: 'queued', attempts: 1, last_error: 'connection refused' });
    for (let i = 0; i < 3; i++) {
      clock.advance(5 * MINUTE);
      await drainQueue(deps, def);
      expect(await job('w.defer')).toMatchObject({ status: 'queued', attempts: 1, last_error: 'paying' });
    }
    clock.advance(5 * MINUTE);
    await drainQueue(deps, def);
    expect(await job('w.defer')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a dead process’s claims are released at once without spending an attempt', async () => {
    fresh();
    await enqueueJob(database.db, { queue: 'w.release', payload: { n: 1 }, runAt: T0 });
    await database.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_until: new Date(T0.getTime() + MINUTE), locked_by: 'dead' })
      .where('queue', '=', 'w.release')
      .execute();
    expect(await countDueJobs(database.db, 'w.release', T0)).toBe(0);
    expect(await releaseClaims(database.db, { now: T0, workerIds: ['dead'] })).toBe(1);
    expect(await job('w.release')).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
    expect(await countDueJobs(database.db, 'w.release', T0)).toBe(1);
  });

  it('a schedule writes one job per slot, however many workers ask', async () => {
    fresh();
    const schedule = [{ queue: 'w.hourly', everyMs: 60 * MINUTE }];
    clock.set('2030-01-01T10:20:00Z');
    await Promise.all(Array.from({ length: 5 }, () => enqueueScheduled(database.db, schedule, clock.now())));
    clock.set('2030-01-01T10:59:59Z');
    await enqueueScheduled(database.db, schedule, clock.now());
    clock.set('2030-01-01T11:00:01Z');
    await enqueueScheduled(database.db, schedule, clock.now());
    const rows = await database.db
      .selectFrom('jobs')
      .select(['singleton_key', 'run_at'])
      .where('queue', '=', 'w.hourly')
      .orderBy('id')
      .execute();
    // Started at 10:20: the first run is at 11:00 (the next slot), then 12:00.
    expect(rows.map((r) => r.run_at.toISOString())).toEqual(['2030-01-01T11:00:00.000Z', '2030-01-01T12:00:00.000Z']);
  });

  it('runDue sweeps every queue; a failing queue does not stop the others', async () => {
    fresh();
    const ran: string[] = [];
    const worker = createWorker(deps, {
      pollMs: 1000,
      queues: [
        queue('w.a', async () => {
          ran.push('a');
          return { kind: 'done' };
        }),
        queue('w.b', async () => {
          throw new Error('b is broken');
        }),
      ],
    });
    await enqueueJob(database.db, { queue: 'w.a', payload: { n: 1 }, runAt: T0 });
    await enqueueJob(database.db, { queue: 'w.b', payload: { n: 1 }, runAt: T0 });
    const counts = await worker.runDue();
    expect(counts).toEqual({ 'w.a': 1, 'w.b': 1 });
    expect(ran).toEqual(['a']);
    expect((await job('w.b')).status).toBe('queued');
  });

  it('a worker whose liveness row went stale loses its claims to the next sweep of another; a fresh one keeps them', async () => {
    fresh();
    const ran: number[] = [];
    const def = queue('w.liveness', async ({ n }) => {
      ran.push(n);
      return { kind: 'done' };
    });
    for (const n of [1, 2]) await enqueueJob(database.db, { queue: 'w.liveness', payload: { n }, runAt: T0 });
    // Two claims held for an hour: job 1 by a worker that was killed (its row 30 s old), job 2 by one alive.
    await beat(database.db, 'killed', 'worker');
    await beat(database.db, 'alive', 'worker');
    await database.db
      .updateTable('worker_heartbeats')
      .set({ seen_at: sql<Date>`now() - interval '30 seconds'` })
      .where('worker_id', '=', 'killed')
      .execute();
    const rows = await database.db
      .selectFrom('jobs')
      .select(['id'])
      .where('queue', '=', 'w.liveness')
      .orderBy('id')
      .execute();
    for (const [index, owner] of ['killed', 'alive'].entries()) {
      await database.db
        .updateTable('jobs')
        .set({ status: 'running', attempts: 1, locked_until: new Date(T0.getTime() + 60 * MINUTE), locked_by: owner })
        .where('id', '=', rows[index]!.id)
        .execute();
    }
    const survivor = createWorker(
      { ...deps, workerId: 'survivor' },
      { pollMs: 1000, queues: [def], liveness: { roles: 'worker' } },
    );
    expect(await survivor.runDue()).toEqual({ 'w.liveness': 1 });
    expect(ran).toEqual([1]);
    const left = await database.db.selectFrom('worker_heartbeats').select('worker_id').orderBy('worker_id').execute();
    expect(left.map((row) => row.worker_id)).toEqual(['alive']);
    const second = await database.db
      .selectFrom('jobs')
      .select(['status', 'locked_by'])
      .where('id', '=', rows[1]!.id)
      .executeTakeFirstOrThrow();
    expect(second).toEqual({ status: 'running', locked_by: 'alive' });
    await forget(database.db, 'alive');
  });
});
