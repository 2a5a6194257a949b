import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Counter, Gauge, type Registry } from 'prom-client';
import type { MerchantDatabase } from '../db/schema.ts';
import { DEFAULT_CHALLENGE_WINDOW_MS } from '../merchant/background/reconcile-now.ts';
import type { Clock } from '../shared/clock.ts';
import {
  jobQueueCountsQuery,
  outboxCountsQuery,
  paymentAttemptCountsQuery,
  type QueueRow,
  reconciliationCountsQuery,
  renewalCounts,
} from './metrics-queries.ts';

/** The payment attempts a scrape counts: those created this long ago or later. */
export const PAYMENT_WINDOW_MS = 24 * 60 * 60_000;

export interface DatabaseGaugeDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  logger: Logger;
  registry: Registry;
  /** Counted per `source` (the read that failed); its gauges are left out of that scrape. */
  scrapeErrors: Counter<'source'>;
}

/**
 * Business totals read from the database at scrape time. Counters in the process would restart from zero with it
 * and differ between processes; the database has the one answer, so these are gauges of what it says now.
 */
export function registerDatabaseGauges(deps: DatabaseGaugeDeps): { settled(): Promise<void> } {
  const { db, clock, registry } = deps;
  const { read, settled } = reader(deps);
  const seconds = (since: Date | null, now: Date) =>
    since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0;

  const payments = read('payments', () =>
    paymentAttemptCountsQuery(db, new Date(clock.now().getTime() - PAYMENT_WINDOW_MS)).execute(),
  );
  gauge(
    registry,
    'cassa_payment_attempts',
    'Payment attempts created in the last 24 hours, by purpose, current status and decline reason ("" when none).',
    ['purpose', 'status', 'decline_reason'],
    payments,
    (g, rows) => {
      for (const row of rows) {
        g.set(
          { purpose: row.purpose, status: row.status, decline_reason: row.decline_reason ?? '' },
          Number(row.count),
        );
      }
    },
  );

  const renewals = read('renewals', () => renewalCounts(db));
  gauge(registry, 'cassa_renewals', 'Automatic renewals by status (all periods).', ['status'], renewals, (g, rows) => {
    for (const row of rows) g.set({ status: row.status }, Number(row.count));
  });

  // A queue seen once keeps its series at 0 when it empties, rather than vanishing from the graphs and alerts.
  const seenQueues = new Set<string>();
  const jobs = read('jobs', async () => {
    const now = clock.now();
    const rows = await jobQueueCountsQuery(db, now).execute();
    for (const row of rows) seenQueues.add(row.queue);
    const idle = (queue: string, status: QueueRow['status']) => ({ queue, status, due: 0, later: 0, oldestDue: null });
    for (const queue of seenQueues) {
      if (!rows.some((row) => row.queue === queue && row.status === 'queued')) rows.push(idle(queue, 'queued'));
      if (!rows.some((row) => row.queue === queue && row.status === 'running')) rows.push(idle(queue, 'running'));
    }
    return { now, rows };
  });
  const perQueue =
    (status: 'queued' | 'running', pick: (row: { due: number; later: number }) => number) =>
    (g: Gauge<'queue'>, result: { rows: QueueRow[] }) => {
      for (const row of result.rows) if (row.status === status) g.set({ queue: row.queue }, pick(row));
    };
  gauge(
    registry,
    'cassa_jobs_queued',
    'Queued jobs whose time has come, waiting for a worker, by queue.',
    ['queue'],
    jobs,
    perQueue('queued', (row) => Number(row.due)),
  );
  gauge(
    registry,
    'cassa_jobs_scheduled',
    'Queued jobs whose time is still ahead (retries, schedules), by queue.',
    ['queue'],
    jobs,
    perQueue('queued', (row) => Number(row.later)),
  );
  gauge(
    registry,
    'cassa_jobs_running',
    'Jobs a worker has claimed, by queue.',
    ['queue'],
    jobs,
    perQueue('running', (row) => Number(row.due) + Number(row.later)),
  );
  gauge(
    registry,
    'cassa_jobs_oldest_age_seconds',
    'Seconds since the oldest queued job of the queue became due (0: none is due).',
    ['queue'],
    jobs,
    (g, result) => {
      for (const row of result.rows) {
        if (row.status === 'queued') g.set({ queue: row.queue }, seconds(row.oldestDue, result.now));
      }
    },
  );

  const outbox = read('outbox', async () => {
    const now = clock.now();
    return { now, rows: await outboxCountsQuery(db).execute() };
  });
  gauge(
    registry,
    'cassa_outbox_emails',
    'Emails in the outbox by status (sent and failed ones are kept RETENTION_DAYS).',
    ['status'],
    outbox,
    (g, result) => {
      for (const row of result.rows) g.set({ status: row.status }, Number(row.count));
    },
  );
  gauge(
    registry,
    'cassa_outbox_oldest_pending_age_seconds',
    'Seconds since the oldest email still pending was written (0: none is pending).',
    [],
    outbox,
    (g, result) => {
      const pending = result.rows.find((row) => row.status === 'pending');
      g.set(seconds(pending ? new Date(pending.oldest) : null, result.now));
    },
  );

  const reconciliation = read('reconciliation', () =>
    reconciliationCountsQuery(
      db,
      new Date(clock.now().getTime() - DEFAULT_CHALLENGE_WINDOW_MS),
    ).executeTakeFirstOrThrow(),
  );
  gauge(
    registry,
    'cassa_reconciliation_backlog',
    'Payment attempts still open 15 minutes after they started: the reconciliation has yet to settle them.',
    [],
    reconciliation,
    (g, counts) => g.set(Number(counts.backlog)),
  );
  gauge(
    registry,
    'cassa_payment_attempts_needing_attention',
    'Payment attempts the reconciliation could not settle (needs_attention): an operator settles them.',
    [],
    reconciliation,
    (g, counts) => g.set(Number(counts.attention)),
  );
  return { settled };
}

/**
 * A gauge filled from one read at each scrape. A failed read leaves it out of that scrape, rather than showing a
 * value nobody measured (an unlabelled gauge would otherwise say 0).
 */
function gauge<T, L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  read: () => Promise<T | undefined>,
  fill: (gauge: Gauge<L>, value: T) => void,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      const value = await read();
      this.reset();
      if (value === undefined) {
        if (labelNames.length === 0) this.remove();
        return;
      }
      fill(this, value);
    },
  });
}

/**
 * Reads for one scrape: the gauges of one read share its result (prom-client asks every gauge at once), and the
 * reads run one after another, so a scrape holds at most one database connection.
 */
function reader(deps: DatabaseGaugeDeps) {
  let tail: Promise<unknown> = Promise.resolve();
  const read = <T>(source: string, query: () => Promise<T>): (() => Promise<T | undefined>) => {
    let current: Promise<T | undefined> | undefined;
    const run = async (): Promise<T | undefined> => {
      try {
        return await query();
      } catch (error) {
        deps.scrapeErrors.inc({ source });
        deps.logger.warn({ err: error, source }, 'metrics: a database read failed; its gauges are left out');
        return undefined;
      }
    };
    return () => {
      if (!current) {
        const next = tail.then(run);
        tail = next;
        current = next.finally(() => {
          current = undefined;
        });
      }
      return current;
    };
  };
  /** Resolves once every read started so far has ended (reads never reject: a failure is counted instead). */
  const settled = () => tail.then(() => undefined);
  return { read, settled };
}
