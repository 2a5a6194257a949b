import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, WebhookDelivery } from '../../db/schema.ts';
import { enqueueJob, runSingletonSooner } from '../../jobs/job-queue.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** One job per try of a delivery (src/merchant/webhooks/webhook-queue.ts runs them). */
export const WEBHOOK_QUEUE = 'webhook.deliver';

export interface WebhookJob {
  deliveryId: number;
  /** The tries made before this one: the job is stale once another run has made it (compare-and-set on the count). */
  attempt: number;
  /** An operator's or integrator's "retry now": one extra try, made even when the delivery had failed. */
  manual?: boolean;
}

/**
 * Job keys are kept as long as the jobs are (retention), so a try that is asked for again after its job ran (an
 * endpoint enabled again) names its round.
 */
function jobKey(job: WebhookJob, round?: string): string {
  return `${WEBHOOK_QUEUE}:${job.deliveryId}:${job.attempt}${job.manual ? ':manual' : ''}${round ? `:${round}` : ''}`;
}

/** The job of the delivery's next try, due at `runAt`, written in the caller's transaction. */
export async function enqueueWebhookTry(
  db: Db,
  delivery: Pick<WebhookDelivery, 'id' | 'attempts'>,
  runAt: Date,
  at: Date,
  options: { manual?: boolean; round?: string } = {},
): Promise<void> {
  const manual = options.manual === true;
  const job: WebhookJob = {
    deliveryId: Number(delivery.id),
    attempt: delivery.attempts,
    ...(manual ? { manual } : {}),
  };
  await enqueueJob(db, {
    queue: WEBHOOK_QUEUE,
    payload: { ...job },
    runAt,
    at,
    singletonKey: jobKey(job, options.round),
    // Tries are counted on the delivery; the job's own attempts only cover a crashed or throwing handler.
    maxAttempts: 5,
  });
}

/** Wakes a delivery that waits behind another one of the same object, now that its turn has come. */
export async function wakeWebhookTry(db: Db, delivery: Pick<WebhookDelivery, 'id' | 'attempts'>, now: Date) {
  await runSingletonSooner(db, jobKey({ deliveryId: Number(delivery.id), attempt: delivery.attempts }), now);
}
