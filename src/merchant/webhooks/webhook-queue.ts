import type { QueueDefinition } from '../../jobs/worker.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { WEBHOOK_QUEUE, type WebhookJob } from './webhook-jobs.ts';

/**
 * The `webhook.deliver` queue: one job per try of a delivery. The retry schedule lives on the delivery
 * (webhook-schedule.ts), not in the job's backoff: a failed try is a finished job that enqueues the next one, so the
 * log, the delivery's `next_try_at` and the job agree. The backoff here only spaces the re-runs of a handler that threw
 * (a database hiccup).
 */
export function webhookQueue(deps: WebhookDeps): QueueDefinition<WebhookJob> {
  return {
    queue: WEBHOOK_QUEUE,
    backoff: { baseMs: 30_000, maxMs: 600_000 },
    maxAttempts: 5,
    // Longer than the receiver's timeout, so a slow receiver is not taken for a dead worker.
    leaseMs: Math.max(60_000, deps.timeoutMs * 3),
    batchSize: 20,
    parallel: 4,
    handle: (payload) => deliverWebhook(deps, payload),
  };
}
