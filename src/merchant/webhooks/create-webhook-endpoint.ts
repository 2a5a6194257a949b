import {
  checkDescription,
  checkEndpointUrl,
  checkEventTypes,
  type EndpointInputProblem,
  isProblem,
} from './endpoint-input.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { insertEndpoint } from './webhook-repository.ts';
import { type WebhookEndpointResource, webhookEndpointResource } from './webhook-resources.ts';
import { newWebhookSecret } from './webhook-secrets.ts';

export interface CreateWebhookEndpointInput {
  url: string;
  events: readonly string[];
  description?: string;
}

export type CreateWebhookEndpointResult =
  | { ok: true; endpoint: WebhookEndpointResource; secret: string }
  | EndpointInputProblem;

/** A new endpoint, enabled; its signing secret is in the result and nowhere else ever again. */
export async function createWebhookEndpoint(
  deps: WebhookDeps,
  input: CreateWebhookEndpointInput,
): Promise<CreateWebhookEndpointResult> {
  const events = checkEventTypes(input.events);
  if (isProblem(events)) return events;
  const description = checkDescription(input.description);
  if (isProblem(description)) return description;
  const url = await checkEndpointUrl(input.url, { allowPrivateTargets: deps.allowPrivateTargets });
  if (isProblem(url)) return url;
  const now = deps.clock.now();
  const secret = newWebhookSecret();
  const row = await insertEndpoint(deps.db, { url, description, eventTypes: events, secret, at: now });
  return { ok: true, endpoint: webhookEndpointResource(row, now), secret };
}
