import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { purgeFinishedJobs } from '../../jobs/job-queue.ts';
import { DONE, type QueueDefinition } from '../../jobs/worker.ts';
import { API_RATE_LIMIT_PREFIX } from '../api/api-auth.ts';
import { purgeApiIdempotencyKeys } from '../api/idempotency.ts';
import { purgeSentEmails } from '../email/outbox-repository.ts';
import { purgeProcessedEvents } from '../payments/gateway-events.ts';
import { deleteWindowsBefore } from '../rate-limits/rate-limit-repository.ts';

export const RETENTION_QUEUE = 'retention.purge';

/** Rows deleted per statement: small enough to never hold locks long, the loop does the rest. */
const PURGE_BATCH = 5_000;

export interface PurgeCounts {
  emails: number;
  jobs: number;
  events: number;
  /** REST API Idempotency-Keys past their 48 hours (api/idempotency.ts), whatever RETENTION_DAYS says. */
  apiIdempotencyKeys: number;
}

/**
 * Deletes what is only history after `retentionDays`: sent emails, finished jobs, applied bank notifications. Never
 * a payment, an order or their events (the books), nor an email that failed (an operator may still resend it).
 */
export async function purgeOld(db: Kysely<MerchantDatabase>, now: Date, retentionDays: number): Promise<PurgeCounts> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  // The API's per-key rate-limit windows last a minute: the finished ones are never read again.
  await deleteWindowsBefore(db, API_RATE_LIMIT_PREFIX, new Date(now.getTime() - 2 * 60_000));
  const drain = async (purge: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const n = await purge();
      total += n;
      if (n < PURGE_BATCH) return total;
    }
  };
  return {
    emails: await drain(() => purgeSentEmails(db, before, PURGE_BATCH)),
    jobs: await drain(() => purgeFinishedJobs(db, before, PURGE_BATCH)),
    events: await drain(() => purgeProcessedEvents(db, before, PURGE_BATCH)),
    apiIdempotencyKeys: await purgeApiIdempotencyKeys(db, now),
  };
}

export function retentionQueue(
  db: Kysely<MerchantDatabase>,
  retentionDays: number,
): QueueDefinition<{ slot?: string }> {
  return {
    queue: RETENTION_QUEUE,
    backoff: { baseMs: 15 * 60_000, maxMs: 3_600_000 },
    maxAttempts: 3,
    leaseMs: 5 * 60_000,
    async handle(_payload, { now }) {
      await purgeOld(db, now, retentionDays);
      return DONE;
    },
  };
}
