import { type Kysely, sql, type Transaction } from 'kysely';
import type { Job, MerchantDatabase } from '../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/**
 * A small job queue in the merchant database, so a job is written in the same transaction as its cause and runs on
 * PGlite and PostgreSQL alike. Why not pg-boss: its schedule (start-after, retry delays, leases) reads the database
 * server's clock, while renewals are decided by Cassa's injectable clock (`--now`, time-travel tests); a retry due
 * "in 3 days" must be due when the application says 3 days have passed. See docs/renewals.md.
 */
export interface NewJob {
  queue: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** The same key is enqueued once, whoever tries again (e.g. `renewal.charge:12:2`). */
  singletonKey?: string;
  maxAttempts?: number;
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
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('singleton_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Claims up to `limit` due jobs of a queue: queued ones whose time has come, and running ones whose lease ran out (a
 * crashed worker). `SKIP LOCKED` lets concurrent workers take disjoint jobs; the attempt count is the claim's fencing
 * token for completing it.
 */
export async function claimJobs(
  db: Kysely<MerchantDatabase>,
  input: { queue: string; now: Date; limit: number; leaseMs: number },
): Promise<Job[]> {
  const lease = new Date(input.now.getTime() + input.leaseMs);
  const claimed = await sql<Job>`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = ${lease}
    where id in (
      select id from jobs
      where queue = ${input.queue} and run_at <= ${input.now}
        and (status = 'queued' or (status = 'running' and locked_until < ${input.now}))
      order by run_at, id
      limit ${input.limit}
      for update skip locked
    )
    returning *`.execute(db);
  return claimed.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Marks a claimed job done; false when the claim was lost (its lease ran out and another worker took it). */
export async function completeJob(db: Db, job: Job, at: Date): Promise<boolean> {
  const done = await db
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, finished_at: at, last_error: null })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

/** A failed run: queued again at `retryAt`, or failed for good once its attempts are used up. */
export async function failJob(db: Db, job: Job, error: string, retryAt: Date): Promise<'retrying' | 'failed'> {
  const final = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'queued',
      locked_until: null,
      last_error: error.slice(0, 1000),
      run_at: final ? job.run_at : retryAt,
      finished_at: final ? retryAt : null,
    })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts)
    .execute();
  return final ? 'failed' : 'retrying';
}

/** How many jobs of a queue are due at `now` (for progress bars). */
export async function countDueJobs(db: Db, queue: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('queue', '=', queue)
    .where('run_at', '<=', now)
    .where((eb) =>
      eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
