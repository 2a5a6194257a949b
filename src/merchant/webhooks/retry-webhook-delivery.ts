import { parsePublicId } from '../public/public-ids.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { enqueueWebhookTry } from './webhook-jobs.ts';
import { findDelivery } from './webhook-repository.ts';
import { type WebhookDeliveryResource, webhookDeliveryResource } from './webhook-resources.ts';

/**
 * Manual redelivery (`POST /webhook-endpoints/:id/deliveries/:delivery/retry`): one more try, due now, of any
 * delivery — pending, failed or even delivered — with the same `webhook-id` and body, so a receiver that
 * deduplicates by id sees it once. It goes out even while the endpoint is disabled (the way to check it works again)
 * and does not wait for earlier events of the object. A 2xx marks it delivered; a failure leaves it as it was.
 * The try runs on the worker: the result is `queued`, and the delivery's log shows the outcome.
 */
export async function retryWebhookDelivery(
  deps: WebhookDeps,
  endpointId: string,
  deliveryId: string,
): Promise<
  { ok: true; delivery: WebhookDeliveryResource; queued: true } | { ok: false; code: 'not_found'; message: string }
> {
  const endpointRowId = parsePublicId('webhookEndpoint', endpointId);
  const rowId = parsePublicId('webhookDelivery', deliveryId);
  const row = rowId === undefined ? undefined : await findDelivery(deps.db, rowId);
  if (!row || row.endpoint_id !== endpointRowId) {
    return { ok: false, code: 'not_found', message: `no delivery ${deliveryId} of endpoint ${endpointId}` };
  }
  const now = deps.clock.now();
  await enqueueWebhookTry(deps.db, row, now, now, { manual: true });
  return { ok: true, delivery: webhookDeliveryResource(row), queued: true };
}
