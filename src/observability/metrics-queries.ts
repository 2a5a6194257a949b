import type { Kysely } from 'kysely';
import type { JobStatus, MerchantDatabase, PaymentAttemptStatus, RenewalStatus } from '../db/schema.ts';
import { OPEN_ATTEMPT_STATUSES } from '../merchant/payments/attempt-states.ts';

/**
 * The reads behind the business gauges: SQL only, one statement each, served by an index but for the small renewals
 * table (their plans are checked in src/db/hot-query-plans.test.ts). Times come from the caller's clock.
 */
type Db = Kysely<MerchantDatabase>;

/** Attempts created since `since`, by purpose, current status and decline reason. */
export function paymentAttemptCountsQuery(db: Db, since: Date) {
  return db
    .selectFrom('payment_attempts')
    .select(['purpose', 'status', 'decline_reason', (eb) => eb.fn.countAll<number>().as('count')])
    .where('created_at', '>=', since)
    .groupBy(['purpose', 'status', 'decline_reason']);
}

/** Every renewal by status: one row per service and period, so a small table. */
export function renewalCounts(db: Db): Promise<Array<{ status: RenewalStatus; count: number }>> {
  return db
    .selectFrom('renewals')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
}

export interface QueueRow {
  queue: string;
  status: JobStatus;
  /** Queued (or running) jobs whose time has come. */
  due: number;
  /** Queued (or running) jobs whose time is still ahead. */
  later: number;
  /** The earliest run_at among the due ones. */
  oldestDue: Date | null;
}

/** Queued and running jobs per queue, split at `now`. */
export function jobQueueCountsQuery(db: Db, now: Date) {
  return db
    .selectFrom('jobs')
    .select((eb) => [
      'queue',
      'status',
      eb.fn.countAll<number>().filterWhere('run_at', '<=', now).as('due'),
      eb.fn.countAll<number>().filterWhere('run_at', '>', now).as('later'),
      eb.fn.min<Date | null>('run_at').filterWhere('run_at', '<=', now).as('oldestDue'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .groupBy(['queue', 'status'])
    .$castTo<QueueRow>();
}

/** The email outbox by status (sent and failed ones are kept RETENTION_DAYS), with each status's oldest email. */
export function outboxCountsQuery(db: Db) {
  return db
    .selectFrom('email_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('created_at').as('oldest')])
    .groupBy('status');
}

/**
 * Open attempts created before `before` (what the reconciliation should have settled by now) and attempts the
 * reconciliation gave up on (`needs_attention`, an operator's to settle).
 */
export function reconciliationCountsQuery(db: Db, before: Date) {
  const statuses: PaymentAttemptStatus[] = [...OPEN_ATTEMPT_STATUSES, 'needs_attention'];
  return db
    .selectFrom('payment_attempts')
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('status', 'in', OPEN_ATTEMPT_STATUSES), w('created_at', '<', before)]))
        .as('backlog'),
      eb.fn.countAll<number>().filterWhere('status', '=', 'needs_attention').as('attention'),
    ])
    .where('status', 'in', statuses);
}
