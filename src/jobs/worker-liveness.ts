import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase } from '../db/schema.ts';
import { releaseClaims } from './job-queue.ts';

type Db = Kysely<MerchantDatabase>;

/**
 * How a worker process shows it is alive, and how the others notice when it is not. A process killed with SIGKILL
 * (or whose machine is gone) cannot release its claims; waiting out their leases would hold a renewal pass or an
 * email for minutes. Each worker refreshes its row every {@link LIVENESS.beatMs}; a row older than
 * {@link LIVENESS.staleMs} belongs to a dead process, and the first worker to see it releases that process's jobs.
 * A live process wrongly taken for dead (stalled longer than that) loses its claims and finds them `lost` when it
 * completes: every handler is safe to run twice, so the worst case is work done twice, never money moved twice.
 */
export const LIVENESS = { beatMs: 5_000, staleMs: 20_000 } as const;

/** Writes or refreshes this worker's row (an upsert: a row removed as stale comes back on the next beat). */
export async function beat(db: Db, workerId: string, roles: string): Promise<void> {
  await db
    .insertInto('worker_heartbeats')
    .values({ worker_id: workerId, roles })
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ seen_at: sql`now()` }))
    .execute();
}

export async function forget(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom('worker_heartbeats').where('worker_id', '=', workerId).execute();
}

/**
 * Releases the jobs claimed by workers whose row went stale, and deletes their rows, in one transaction (rows locked
 * with SKIP LOCKED: two workers looking at once release each dead worker once). Returns what it did.
 */
export async function releaseDeadWorkers(
  db: Db,
  input: { self: string; now: Date; staleMs?: number },
): Promise<{ workers: string[]; released: number }> {
  const staleSeconds = (input.staleMs ?? LIVENESS.staleMs) / 1000;
  return db.transaction().execute(async (trx) => {
    const dead = await trx
      .selectFrom('worker_heartbeats')
      .select('worker_id')
      .where('worker_id', '<>', input.self)
      .where('seen_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`)
      .forUpdate()
      .skipLocked()
      .execute();
    const workers = dead.map((row) => row.worker_id);
    if (workers.length === 0) return { workers, released: 0 };
    const released = await releaseClaims(trx, { now: input.now, workerIds: workers });
    await trx.deleteFrom('worker_heartbeats').where('worker_id', 'in', workers).execute();
    return { workers, released };
  });
}

/** The workers alive now, for /readyz and a person's look (`worker_heartbeats` rows fresher than the stale age). */
export async function liveWorkers(db: Db): Promise<number> {
  const staleSeconds = LIVENESS.staleMs / 1000;
  const row = await db
    .selectFrom('worker_heartbeats')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('seen_at', '>=', sql<Date>`now() - make_interval(secs => ${staleSeconds})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
