import { parsePublicId } from '../public/public-ids.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { findEndpoint, listEndpoints } from './webhook-repository.ts';
import { type WebhookEndpointResource, webhookEndpointResource } from './webhook-resources.ts';

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

/** Newest first; `startingAfter` is the last id of the previous page (`we_…`). */
export async function listWebhookEndpoints(
  deps: WebhookDeps,
  page: { limit?: number; startingAfter?: string } = {},
): Promise<Page<WebhookEndpointResource>> {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  const before = page.startingAfter ? parsePublicId('webhookEndpoint', page.startingAfter) : undefined;
  if (page.startingAfter && before === undefined) return { data: [], has_more: false };
  const rows = await listEndpoints(deps.db, { limit: limit + 1, ...(before ? { before } : {}) });
  const now = deps.clock.now();
  return { data: rows.slice(0, limit).map((row) => webhookEndpointResource(row, now)), has_more: rows.length > limit };
}

/** The endpoint of a public id (`we_12`), or undefined when there is none. */
export async function getWebhookEndpoint(deps: WebhookDeps, id: string): Promise<WebhookEndpointResource | undefined> {
  const rowId = parsePublicId('webhookEndpoint', id);
  const row = rowId === undefined ? undefined : await findEndpoint(deps.db, rowId);
  return row ? webhookEndpointResource(row, deps.clock.now()) : undefined;
}
