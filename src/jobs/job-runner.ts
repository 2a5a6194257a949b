import type { Kysely } from 'kysely';
import type { Job, MerchantDatabase } from '../db/schema.ts';
import { claimJobs, completeJob, failJob } from './job-queue.ts';

export interface DrainOptions<R> {
  queue: string;
  /** The instant jobs must be due by (the pass's "now"). */
  now: () => Date;
  /** Runs one job; it must be safe to run twice (a lost lease lets another worker take the job again). */
  handle: (job: Job) => Promise<R>;
  /** After a handler throws: when to try again. */
  retryDelayMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Called after each job with its result (undefined when the handler threw). */
  onJob?: (job: Job, result: R | undefined, error?: unknown) => void;
}

/**
 * Runs the queue's due jobs until none is left, one claimed batch after another. Several drains (processes, or
 * concurrent passes) can run at once: `SKIP LOCKED` gives each its own jobs. Returns how many jobs ran.
 */
export async function drainDueJobs<R>(db: Kysely<MerchantDatabase>, options: DrainOptions<R>): Promise<number> {
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  let ran = 0;
  for (;;) {
    const jobs = await claimJobs(db, { queue: options.queue, now: options.now(), limit: batchSize, leaseMs });
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      try {
        const result = await options.handle(job);
        await completeJob(db, job, options.now());
        options.onJob?.(job, result);
      } catch (error) {
        const retryAt = new Date(options.now().getTime() + (options.retryDelayMs ?? 15 * 60_000));
        await failJob(db, job, error instanceof Error ? error.message : String(error), retryAt);
        options.onJob?.(job, undefined, error);
      }
      ran++;
    }
  }
}

export interface PeriodicTask {
  /** Runs the task now (unless a run is under way) and resolves when it ends. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` in this process, never two at once; a failure is reported and the next tick tries
 * again. `stop()` waits for a run under way. An interval of 0 schedules nothing (the task can still be run by hand).
 */
export function startPeriodicTask(
  task: () => Promise<void>,
  options: { intervalMs: number; onError: (error: unknown) => void },
): PeriodicTask {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= task()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = options.intervalMs > 0 ? setInterval(() => void runNow(), options.intervalMs) : undefined;
  timer?.unref();
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
