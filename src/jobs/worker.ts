import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Job, MerchantDatabase } from '../db/schema.ts';
import { type Backoff, backoffDelayMs } from '../shared/backoff.ts';
import type { Clock } from '../shared/clock.ts';
import { claimJobs, completeJob, deferJob, dueQueues, enqueueJob, extendLease, failJob } from './job-queue.ts';
import { beat, forget, LIVENESS, releaseDeadWorkers } from './worker-liveness.ts';

/**
 * What a job handler says happened. "Try later" is a value, not an exception: an exception is a failure too (logged
 * with its stack), but a handler that knows the answer is "not yet" says so.
 * - `done`: nothing more to do;
 * - `retry`: run again after the queue's backoff; it spends one of the job's attempts (the last one gives up);
 * - `deferred`: run again at `until`; it spends no attempt (e.g. waiting for the customer to finish paying).
 */
export type JobOutcome =
  | { kind: 'done' }
  | { kind: 'retry'; reason: string }
  | { kind: 'deferred'; until: Date; reason: string };

export const DONE: JobOutcome = { kind: 'done' };

export interface JobContext {
  job: Job;
  /** The instant the job runs at, by the application's clock. */
  now: Date;
  /** The worker running it: work a job claims in turn (a renewal pass's charges) is claimed under the same name. */
  workerId: string;
}

/** The minimal logger the worker writes to (pino and Fastify's logger both fit). */
export interface WorkerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * One kind of background work: its handler, how long a claim holds, how tries are spaced and how many there are.
 * Handlers must be safe to run twice (a claim whose lease lapsed can be taken by another worker).
 */
export interface QueueDefinition<P = Record<string, unknown>> {
  queue: string;
  handle(payload: P, context: JobContext): Promise<JobOutcome>;
  backoff: Backoff;
  maxAttempts: number;
  /** How long a claim holds a job; a running handler's claim is extended every third of it (heartbeat). */
  leaseMs: number;
  batchSize?: number;
  /** How many of this queue's claimed jobs run at once in one worker. */
  parallel?: number;
  /** Called once, after the last try failed: what is left for a person to look at. */
  onGiveUp?(payload: P, context: JobContext & { error: string }): Promise<void>;
}

/** A queue definition whose payload type has been erased, for lists of queues. */
// biome-ignore lint/suspicious/noExplicitAny: a list holds queues of different payloads
export type AnyQueue = QueueDefinition<any>;

export interface WorkerDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  logger: WorkerLogger;
  /** Names this process's claims (so a restart can release them); see {@link newWorkerId}. */
  workerId: string;
}

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
}

export type JobRunResult = 'done' | 'retrying' | 'failed' | 'deferred' | 'lost';

/** Runs one claimed job and records its outcome under the claim (a lost claim records nothing). */
export async function runClaimedJob(deps: WorkerDeps, def: AnyQueue, job: Job, now: () => Date): Promise<JobRunResult> {
  const context = { job, now: now(), workerId: deps.workerId };
  const heartbeat = setInterval(
    () => void extendLease(deps.db, job, new Date(deps.clock.now().getTime() + def.leaseMs)).catch(() => {}),
    Math.max(1_000, Math.floor(def.leaseMs / 3)),
  );
  heartbeat.unref();
  let outcome: JobOutcome;
  try {
    outcome = await def.handle(job.payload, context);
  } catch (error) {
    outcome = { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    deps.logger.warn({ queue: def.queue, job: job.id, attempt: job.attempts, err: error }, 'job failed');
  } finally {
    clearInterval(heartbeat);
  }
  const at = now();
  if (outcome.kind === 'done') return (await completeJob(deps.db, job, at)) ? 'done' : 'lost';
  if (outcome.kind === 'deferred')
    return (await deferJob(deps.db, job, outcome.until, outcome.reason)) ? 'deferred' : 'lost';
  const retryAt = new Date(at.getTime() + backoffDelayMs(job.attempts, def.backoff));
  const result = await failJob(deps.db, job, outcome.reason, retryAt, def.maxAttempts);
  if (result === 'failed') {
    deps.logger.error({ queue: def.queue, job: job.id, attempts: job.attempts, reason: outcome.reason }, 'job gave up');
    await def.onGiveUp?.(job.payload, { ...context, error: outcome.reason });
  }
  return result === 'failed' ? 'failed' : 'retrying';
}

export interface DrainOptions {
  /** The instant jobs must be due by; the clock's now by default (a renewal pass passes its own "now"). */
  now?: () => Date;
  /** Stop claiming after this many jobs (the rest wait for the next sweep, so one queue cannot starve others). */
  maxJobs?: number;
  onJob?: (job: Job, result: JobRunResult) => void;
  stopped?: () => boolean;
}

/**
 * Runs a queue's due jobs, one claimed batch after another, until none is due. Several drains (processes, or
 * concurrent passes) can run at once: `SKIP LOCKED` gives each its own jobs. Returns how many jobs ran.
 */
export async function drainQueue(deps: WorkerDeps, def: AnyQueue, options: DrainOptions = {}): Promise<number> {
  const now = options.now ?? (() => deps.clock.now());
  const batchSize = def.batchSize ?? 20;
  const parallel = Math.max(1, def.parallel ?? 1);
  let ran = 0;
  while (!options.stopped?.() && ran < (options.maxJobs ?? Number.POSITIVE_INFINITY)) {
    const jobs = await claimJobs(deps.db, {
      queue: def.queue,
      now: now(),
      limit: batchSize,
      leaseMs: def.leaseMs,
      workerId: deps.workerId,
    });
    if (jobs.length === 0) break;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as Job;
          const result = await runClaimedJob(deps, def, job, now);
          options.onJob?.(job, result);
        }
      }),
    );
    ran += jobs.length;
    // A short batch took every job due and free: asking again would find none (the next sweep takes what comes).
    if (jobs.length < batchSize) break;
  }
  return ran;
}

/** Work that recurs: one job per slot of `everyMs`, enqueued once whichever process asks first. */
export interface Schedule {
  queue: string;
  everyMs: number;
  payload?: Record<string, unknown>;
}

/**
 * Enqueues the job of each schedule's next slot, due when it begins (slots begin at multiples of `everyMs` since the
 * epoch): a server started at 10:20 runs an hourly task at 11:00, then 12:00. The singleton key names the slot, so
 * several workers asking at once write one job: schedules are claimed in the database, not held by a process. Missed
 * slots are not made up: the next slot's run does their work.
 */
export async function enqueueScheduled(db: Kysely<MerchantDatabase>, schedules: readonly Schedule[], now: Date) {
  for (const schedule of schedules) {
    if (schedule.everyMs <= 0) continue;
    const slot = new Date(Math.ceil(now.getTime() / schedule.everyMs) * schedule.everyMs);
    await enqueueJob(db, {
      queue: schedule.queue,
      payload: { ...schedule.payload, slot: slot.toISOString() },
      runAt: slot,
      at: now,
      singletonKey: `schedule:${schedule.queue}:${slot.toISOString()}`,
      maxAttempts: 3,
    });
  }
}

export interface Worker {
  /** One sweep: the schedules' jobs, then every queue's due jobs. Resolves with how many ran per queue. */
  runDue(): Promise<Record<string, number>>;
  /** Sweeps every `pollMs` until stopped (a sweep that found work is followed by another at once). */
  start(): void;
  /** Stops sweeping and waits for the sweep under way. */
  stop(): Promise<void>;
}

/**
 * The one worker that runs the merchant's background work (captures, voids, refunds, email, reconciliation, renewal
 * passes, retention). Queues are drained side by side, so a slow SMTP server does not hold a capture back.
 */
export function createWorker(
  deps: WorkerDeps,
  options: {
    queues: readonly AnyQueue[];
    schedules?: readonly Schedule[];
    pollMs: number;
    /**
     * With several worker processes (PostgreSQL): keep a liveness row, and release the claims of workers whose row
     * went stale (worker-liveness.ts). `roles` is written in the row for a person reading it.
     */
    liveness?: { roles: string };
  },
): Worker {
  const names = new Set<string>();
  for (const def of options.queues) {
    if (names.has(def.queue)) throw new Error(`queue ${def.queue} registered twice`);
    names.add(def.queue);
  }
  let stopped = true;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<Record<string, number>> | undefined;

  let beating: NodeJS.Timeout | undefined;
  const liveness = options.liveness;
  const heartbeat = () =>
    liveness
      ? beat(deps.db, deps.workerId, liveness.roles).catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'worker heartbeat failed'),
        )
      : Promise.resolve();

  const sweep = async (): Promise<Record<string, number>> => {
    if (liveness) {
      const dead = await releaseDeadWorkers(deps.db, { self: deps.workerId, now: deps.clock.now() });
      if (dead.workers.length > 0) deps.logger.warn(dead, 'released the jobs of workers that stopped answering');
    }
    await enqueueScheduled(deps.db, options.schedules ?? [], deps.clock.now());
    const due = await dueQueues(deps.db, deps.clock.now());
    const counts = await Promise.all(
      options.queues.map(async (def) => {
        if (!due.has(def.queue)) return 0;
        try {
          return await drainQueue(deps, def, { maxJobs: 200, stopped: () => stopping });
        } catch (error) {
          deps.logger.error({ queue: def.queue, err: error }, 'queue sweep failed');
          return 0;
        }
      }),
    );
    return Object.fromEntries(options.queues.map((def, i) => [def.queue, counts[i] ?? 0]));
  };

  const runDue = () => {
    sweeping ??= sweep().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };

  const tick = async () => {
    if (stopped) return;
    let busy = false;
    try {
      const counts = await runDue();
      busy = Object.values(counts).some((n) => n > 0);
    } catch (error) {
      deps.logger.error({ err: error }, 'worker sweep failed');
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), busy ? 0 : options.pollMs);
    timer.unref();
  };

  return {
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      stopping = false;
      if (liveness) {
        beating = setInterval(() => void heartbeat(), LIVENESS.beatMs);
        beating.unref();
      }
      // The first beat before the first sweep: a worker others cannot see yet must not claim jobs.
      void heartbeat().then(tick);
    },
    async stop() {
      stopped = true;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      clearInterval(beating);
      beating = undefined;
      await sweeping;
      // Its claims are all finished (or released by the caller): nothing is left for another worker to release.
      if (liveness) await forget(deps.db, deps.workerId).catch(() => {});
    },
  };
}
