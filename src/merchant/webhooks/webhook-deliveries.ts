import type { WebhookDeliveryStatus } from '../../db/schema.ts';
import { parsePublicId } from '../public/public-ids.ts';
import type { Page } from './get-webhook-endpoints.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { findDelivery, findEndpoint, listAttempts, listDeliveries } from './webhook-repository.ts';
import {
  type WebhookAttemptResource,
  type WebhookDeliveryResource,
  webhookAttemptResource,
  webhookDeliveryResource,
} from './webhook-resources.ts';

/**
 * An endpoint's delivery log, newest first (`startingAfter`: the last `wd_…` of the previous page), or undefined
 * when the endpoint does not exist.
 */
export async function listWebhookDeliveries(
  deps: WebhookDeps,
  endpointId: string,
  page: { limit?: number; startingAfter?: string; status?: WebhookDeliveryStatus } = {},
): Promise<Page<WebhookDeliveryResource> | undefined> {
  const rowId = parsePublicId('webhookEndpoint', endpointId);
  if (rowId === undefined || !(await findEndpoint(deps.db, rowId))) return undefined;
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  const before = page.startingAfter ? parsePublicId('webhookDelivery', page.startingAfter) : undefined;
  if (page.startingAfter && before === undefined) return { data: [], has_more: false };
  const rows = await listDeliveries(deps.db, rowId, {
    limit: limit + 1,
    ...(before ? { before } : {}),
    ...(page.status ? { status: page.status } : {}),
  });
  return { data: rows.slice(0, limit).map(webhookDeliveryResource), has_more: rows.length > limit };
}

/** One delivery of that endpoint with every try, oldest first; undefined when it is not that endpoint's. */
export async function getWebhookDelivery(
  deps: WebhookDeps,
  endpointId: string,
  deliveryId: string,
): Promise<(WebhookDeliveryResource & { tries: WebhookAttemptResource[] }) | undefined> {
  const endpointRowId = parsePublicId('webhookEndpoint', endpointId);
  const rowId = parsePublicId('webhookDelivery', deliveryId);
  if (endpointRowId === undefined || rowId === undefined) return undefined;
  const row = await findDelivery(deps.db, rowId);
  if (!row || row.endpoint_id !== endpointRowId) return undefined;
  const tries = await listAttempts(deps.db, rowId);
  return { ...webhookDeliveryResource(row), tries: tries.map(webhookAttemptResource) };
}
