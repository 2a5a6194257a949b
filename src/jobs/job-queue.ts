import { type Kysely, sql, type Transaction } from 'kysely';
import type { Job, MerchantDatabase } from '../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/**
 * The merchant's one job queue, in its own database, so a job is written in the same transaction as its cause and
 * runs on PGlite and PostgreSQL alike. This file is SQL only; src/jobs/worker.ts runs the jobs.
 *
 * Why not pg-boss: its schedule (start-after, retry delays, leases) reads the database server's clock, while Cassa
 * decides by its injectable clock (`--now`, time-travel tests): a retry due "in 3 days" must be due when the
 * application says 3 days have passed. Every time written here comes from the caller.
 */
export interface NewJob {
  queue: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** The same key is enqueued once, whoever tries again (e.g. `renewal.charge:12:2`). */
  singletonKey?: string;
  maxAttempts?: number;
  /** When it was written (the application's clock); defaults to `runAt`. */
  at?: Date;
}

/** Writes a job inside the caller's transaction; returns whether a row was written (false: the singleton exists). */
export async function enqueueJob(db: Db, job: NewJob): Promise<boolean> {
  const inserted = await db
    .insertInto('jobs')
    .values({
      queue: job.queue,
      payload: JSON.stringify(job.payload),
      singleton_key: job.singletonKey ?? null,
      run_at: job.runAt,
      created_at: job.at ?? job.runAt,
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('singleton_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Brings a queued singleton job forward to `runAt` (never later): "look at this again now". A running or finished
 * job is left alone. Returns whether a job moved.
 */
export async function runSingletonSooner(db: Db, singletonKey: string, runAt: Date): Promise<boolean> {
  const moved = await db
    .updateTable('jobs')
    .set({ run_at: runAt })
    .where('singleton_key', '=', singletonKey)
    .where('status', '=', 'queued')
    .where('run_at', '>', runAt)
    .executeTakeFirst();
  return moved.numUpdatedRows > 0n;
}

/**
 * Claims up to `limit` due jobs of a queue: queued ones whose time has come, and running ones whose lease ran out (a
 * crashed worker). `SKIP LOCKED` lets concurrent workers take disjoint jobs; the attempt count is the claim's fencing
 * token for completing it.
 */
export async function claimJobs(db: Kysely<MerchantDatabase>, input: ClaimInput): Promise<Job[]> {
  const claimed = await claimJobsQuery(input).execute(db);
  return claimed.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

export interface ClaimInput {
  queue: string;
  now: Date;
  limit: number;
  leaseMs: number;
  workerId?: string;
}

/** The claim statement itself (its plan is checked in src/db/hot-query-plans.test.ts: it must use jobs_due_idx). */
export function claimJobsQuery(input: ClaimInput) {
  const lease = new Date(input.now.getTime() + input.leaseMs);
  return sql<Job>`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = ${lease},
      locked_by = ${input.workerId ?? null}
    where id in (
      select id from jobs
      where queue = ${input.queue} and run_at <= ${input.now} and status in ('queued', 'running')
        and (status = 'queued' or locked_until < ${input.now})
      order by run_at, id
      limit ${input.limit}
      for update skip locked
    )
    returning *`;
}

/** The claim still held by this run of the job: status running, same attempt count. */
function ownClaim(db: Db, job: Pick<Job, 'id' | 'attempts'>) {
  return db
    .updateTable('jobs')
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts);
}

/** Marks a claimed job done; false when the claim was lost (its lease ran out and another worker took it). */
export async function completeJob(db: Db, job: Job, at: Date): Promise<boolean> {
  const done = await ownClaim(db, job)
    .set({ status: 'done', locked_until: null, locked_by: null, finished_at: at, last_error: null })
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

/**
 * A failed run: queued again at `retryAt`, or failed for good once its attempts are used up (the queue's limit when
 * given, else the job's own `max_attempts`).
 */
export async function failJob(
  db: Db,
  job: Job,
  error: string,
  retryAt: Date,
  maxAttempts: number = job.max_attempts,
): Promise<'retrying' | 'failed'> {
  const final = job.attempts >= maxAttempts;
  await ownClaim(db, job)
    .set({
      status: final ? 'failed' : 'queued',
      locked_until: null,
      locked_by: null,
      last_error: error.slice(0, 1000),
      run_at: final ? job.run_at : retryAt,
      finished_at: final ? retryAt : null,
    })
    .execute();
  return final ? 'failed' : 'retrying';
}

/** "Not yet": queued again at `until` without spending one of its attempts. */
export async function deferJob(db: Db, job: Job, until: Date, reason: string): Promise<boolean> {
  const deferred = await ownClaim(db, job)
    .set({
      status: 'queued',
      locked_until: null,
      locked_by: null,
      attempts: Math.max(0, job.attempts - 1),
      run_at: until,
      last_error: reason.slice(0, 1000),
    })
    .executeTakeFirst();
  return deferred.numUpdatedRows === 1n;
}

/** Extends a claim that is still held (a slow handler is not taken for a dead one). */
export async function extendLease(db: Db, job: Job, lockedUntil: Date): Promise<boolean> {
  const extended = await ownClaim(db, job).set({ locked_until: lockedUntil }).executeTakeFirst();
  return extended.numUpdatedRows === 1n;
}

/**
 * Gives back, at once, the claims of workers known to be dead: those named, or every running job (`all`) when the
 * caller knows no other process can be running (the embedded database has one process, guarded by a lock file).
 * Their jobs are due again at `now` without spending an attempt.
 */
export async function releaseClaims(db: Db, input: { now: Date } & ({ all: true } | { workerIds: string[] })) {
  const released = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      locked_until: null,
      locked_by: null,
      run_at: input.now,
      attempts: sql<number>`greatest(attempts - 1, 0)`,
    })
    .where('status', '=', 'running')
    .$if('workerIds' in input, (qb) => qb.where('locked_by', 'in', (input as { workerIds: string[] }).workerIds))
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/**
 * The queues with a job due at `now` (queued, or claimed under a lapsed lease): one statement per sweep instead of
 * one empty claim per queue, for a worker that is mostly idle (its plan is checked in src/db/hot-query-plans.test.ts).
 */
export function dueQueuesQuery(db: Db, now: Date) {
  return db
    .selectFrom('jobs')
    .select('queue')
    .distinct()
    .where('run_at', '<=', now)
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb('locked_until', '<', now)]));
}

export async function dueQueues(db: Db, now: Date): Promise<Set<string>> {
  return new Set((await dueQueuesQuery(db, now).execute()).map((row) => row.queue));
}

/** How many jobs of a queue are due at `now` (for progress bars). */
export async function countDueJobs(db: Db, queue: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('queue', '=', queue)
    .where('run_at', '<=', now)
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb('locked_until', '<', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes up to `limit` jobs that finished before `before` (retention); returns how many. */
export async function purgeFinishedJobs(db: Db, before: Date, limit: number): Promise<number> {
  const deleted = await db
    .deleteFrom('jobs')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('status', 'in', ['done', 'failed'])
        .where('finished_at', '<', before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
