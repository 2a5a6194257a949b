import { parsePublicId } from '../public/public-ids.ts';
import {
  checkDescription,
  checkEndpointUrl,
  checkEventTypes,
  type EndpointInputProblem,
  isProblem,
} from './endpoint-input.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { enqueueWebhookTry } from './webhook-jobs.ts';
import { type EndpointChanges, lockEndpoint, pendingDeliveriesOf, updateEndpoint } from './webhook-repository.ts';
import { type WebhookEndpointResource, webhookEndpointResource } from './webhook-resources.ts';

export interface UpdateWebhookEndpointInput {
  url?: string;
  events?: readonly string[];
  description?: string;
  /** false disables it (deliveries wait, pending); true enables it again and its pending deliveries are tried now. */
  enabled?: boolean;
}

export type UpdateWebhookEndpointResult =
  | { ok: true; endpoint: WebhookEndpointResource }
  | { ok: false; code: 'not_found'; message: string }
  | EndpointInputProblem;

/** Changes what is given and leaves the rest. Enabling clears the failure count, so the endpoint gets a fresh 3 days. */
export async function updateWebhookEndpoint(
  deps: WebhookDeps,
  id: string,
  input: UpdateWebhookEndpointInput,
): Promise<UpdateWebhookEndpointResult> {
  const changes: EndpointChanges = {};
  if (input.events !== undefined) {
    const events = checkEventTypes(input.events);
    if (isProblem(events)) return events;
    changes.event_types = events;
  }
  if (input.description !== undefined) {
    const description = checkDescription(input.description);
    if (isProblem(description)) return description;
    changes.description = description;
  }
  if (input.url !== undefined) {
    const url = await checkEndpointUrl(input.url, { allowPrivateTargets: deps.allowPrivateTargets });
    if (isProblem(url)) return url;
    changes.url = url;
  }
  const rowId = parsePublicId('webhookEndpoint', id);
  const notFound = { ok: false, code: 'not_found', message: `no webhook endpoint ${id}` } as const;
  if (rowId === undefined) return notFound;
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await lockEndpoint(trx, rowId);
    if (!current) return undefined;
    const enabling = input.enabled === true && current.status === 'disabled';
    if (input.enabled === false) Object.assign(changes, { status: 'disabled', disabled_reason: 'disabled by request' });
    if (enabling) Object.assign(changes, { status: 'enabled', disabled_reason: null, consecutive_failures: 0 });
    const updated = await updateEndpoint(trx, rowId, changes, now);
    if (enabling) {
      for (const delivery of await pendingDeliveriesOf(trx, rowId)) {
        await enqueueWebhookTry(trx, delivery, now, now, { round: `resume-${now.getTime()}` });
      }
    }
    return updated;
  });
  return row ? { ok: true, endpoint: webhookEndpointResource(row, now) } : notFound;
}
