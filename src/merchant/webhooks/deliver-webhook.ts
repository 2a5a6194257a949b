import type { Transaction } from 'kysely';
import type { MerchantDatabase, WebhookDelivery, WebhookEndpoint } from '../../db/schema.ts';
import { DONE, type JobOutcome } from '../../jobs/worker.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { publicId } from '../public/public-ids.ts';
import { eventBody, WEBHOOK_USER_AGENT } from './webhook-body.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { postWebhook, type WebhookResponse } from './webhook-http.ts';
import { enqueueWebhookTry, type WebhookJob, wakeWebhookTry } from './webhook-jobs.ts';
import {
  claimTry,
  findDeliveryWithEvent,
  findEarlierPending,
  findEndpoint,
  findNextPending,
  insertAttempt,
  lockEndpoint,
  recordTryOutcome,
  updateEndpoint,
} from './webhook-repository.ts';
import { DISABLE_AFTER_CONSECUTIVE_FAILURES, nextTryAt } from './webhook-schedule.ts';
import { signatureHeader } from './webhook-secrets.ts';

/** How long a delivery waits behind an earlier one of the same object before it looks again (it is also woken). */
const ORDER_WAIT_MS = 60_000;

/**
 * One try of one delivery (the `webhook.deliver` job). Calling out follows the payment rule: the try is claimed
 * first (compare-and-set on the try count, so two runs never make the same try), the receiver is called outside
 * any transaction, and the answer is applied in a short one: the log row, the delivery's state, the endpoint's
 * failure count (and its disabling), the job of the next try, and the wake-up of the next event of the same object.
 */
export async function deliverWebhook(deps: WebhookDeps, job: WebhookJob): Promise<JobOutcome> {
  const delivery = await findDeliveryWithEvent(deps.db, job.deliveryId);
  if (!delivery || delivery.attempts !== job.attempt) return DONE; // another run made this try
  if (delivery.status !== 'pending' && !job.manual) return DONE;
  const endpoint = await findEndpoint(deps.db, delivery.endpoint_id);
  // A disabled endpoint keeps its pending deliveries; enabling it enqueues them again.
  if (!endpoint || (endpoint.status === 'disabled' && !job.manual)) return DONE;
  if (!job.manual) {
    const earlier = await findEarlierPending(deps.db, delivery);
    if (earlier) {
      const now = deps.clock.now();
      const until = new Date(Math.max(now.getTime() + ORDER_WAIT_MS, earlier.next_try_at?.getTime() ?? 0));
      return { kind: 'deferred', until, reason: `waits for delivery ${earlier.id} of the same object` };
    }
  }
  if (!(await claimTry(deps.db, delivery.id, delivery.attempts))) return DONE;

  const at = deps.clock.now();
  const body = eventBody({
    id: delivery.event_id,
    type: delivery.type,
    createdAt: delivery.event_created_at,
    data: delivery.data,
  });
  const headers = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': delivery.event_id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(endpoint, delivery.event_id, at, body),
  };
  const response = await postWebhook({
    url: endpoint.url,
    headers,
    body,
    timeoutMs: deps.timeoutMs,
    policy: { allowPrivateTargets: deps.allowPrivateTargets },
  });
  await deps.db.transaction().execute((trx) =>
    applyTry(deps, trx, {
      delivery,
      endpoint,
      manual: job.manual === true,
      tries: delivery.attempts + 1,
      at,
      request: { url: endpoint.url, headers: { ...headers, 'webhook-signature': '(redacted)' }, body },
      response,
    }),
  );
  return DONE;
}

interface TryResult {
  delivery: WebhookDelivery;
  endpoint: WebhookEndpoint;
  manual: boolean;
  tries: number;
  at: Date;
  request: { url: string; headers: Record<string, string>; body: string };
  response: WebhookResponse;
}

function isSuccess(response: WebhookResponse): boolean {
  return response.status !== null && response.status >= 200 && response.status < 300;
}

function errorOf(response: WebhookResponse): string | null {
  if (response.error) return response.error;
  return isSuccess(response) ? null : `HTTP ${response.status}`;
}

async function applyTry(deps: WebhookDeps, trx: Transaction<MerchantDatabase>, result: TryResult): Promise<void> {
  const { delivery, response, at } = result;
  const ok = isSuccess(response);
  // A failed manual try of a finished delivery leaves it as it was; a pending one keeps its schedule.
  const next = ok ? null : delivery.status === 'pending' ? nextTryAt(result.tries, at, deps.random) : null;
  const status = ok ? 'delivered' : delivery.status === 'pending' && next === null ? 'failed' : delivery.status;
  await insertAttempt(trx, {
    deliveryId: delivery.id,
    attempt: result.tries,
    manual: result.manual,
    url: result.request.url,
    headers: result.request.headers,
    body: result.request.body,
    responseStatus: response.status,
    responseBody: response.body,
    durationMs: response.durationMs,
    error: errorOf(response),
    at,
    nextTryAt: status === 'pending' ? next : null,
  });
  const updated = await recordTryOutcome(trx, delivery.id, {
    status,
    nextTryAt: status === 'pending' ? next : null,
    responseStatus: response.status,
    durationMs: response.durationMs,
    responseBody: response.body,
    error: errorOf(response),
    ...(ok ? { deliveredAt: at } : {}),
  });
  if (status === 'pending' && next) await enqueueWebhookTry(trx, updated, next, at);
  if (status !== 'pending' && delivery.status === 'pending') {
    // Its turn is over: the next event of the same object may go now.
    const following = await findNextPending(trx, delivery);
    if (following) await wakeWebhookTry(trx, following, at);
  }
  await countOnEndpoint(deps, trx, result, ok, status === 'failed' && delivery.status === 'pending');
}

/** The endpoint's failures in a row; a delivery that used up its schedule without any success meanwhile disables it. */
async function countOnEndpoint(
  deps: WebhookDeps,
  trx: Transaction<MerchantDatabase>,
  result: TryResult,
  ok: boolean,
  deliveryFailed: boolean,
): Promise<void> {
  const endpoint = await lockEndpoint(trx, result.endpoint.id);
  if (!endpoint) return;
  if (ok) {
    if (endpoint.consecutive_failures !== 0)
      await updateEndpoint(trx, endpoint.id, { consecutive_failures: 0 }, result.at);
    return;
  }
  const failures = endpoint.consecutive_failures + 1;
  const disable = deliveryFailed && endpoint.status === 'enabled' && failures >= DISABLE_AFTER_CONSECUTIVE_FAILURES;
  const reason = `no successful delivery in ${failures} tries in a row (about 3 days)`;
  await updateEndpoint(
    trx,
    endpoint.id,
    { consecutive_failures: failures, ...(disable ? { status: 'disabled', disabled_reason: reason } : {}) },
    result.at,
  );
  if (!disable) return;
  const endpointId = publicId('webhookEndpoint', endpoint.id);
  await enqueueEmail(trx, {
    dedupeKey: `webhook_endpoint_disabled:${endpoint.id}:${result.at.toISOString()}`,
    customerId: null,
    to: deps.operationsEmail,
    locale: 'it',
    template: 'webhook_endpoint_disabled',
    data: {
      endpointId,
      url: endpoint.url,
      reason,
      failedTries: failures,
      lastError: errorOf(result.response) ?? '',
      disabledAt: result.at.toISOString(),
    },
    at: result.at,
  });
}
