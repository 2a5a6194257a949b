import { z } from 'zod';
import { createWebhookEndpoint } from '../webhooks/create-webhook-endpoint.ts';
import { getWebhookEndpoint, listWebhookEndpoints } from '../webhooks/get-webhook-endpoints.ts';
import { retryWebhookDelivery } from '../webhooks/retry-webhook-delivery.ts';
import { rotateWebhookSecret } from '../webhooks/rotate-webhook-secret.ts';
import { updateWebhookEndpoint } from '../webhooks/update-webhook-endpoint.ts';
import { getWebhookDelivery, listWebhookDeliveries } from '../webhooks/webhook-deliveries.ts';
import { webhookDepsFrom } from '../webhooks/webhook-deps.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, type ApiErrorCode, problemSchema } from './api-errors.ts';
import { idParams } from './api-ids.ts';
import { listSchema, PAGINATION_DESCRIPTION, pageQuery } from './pagination.ts';
import {
  webhookDeliveryDetailSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from './webhook-schemas.ts';

const tags = ['webhooks'];

/** The use cases' refusals, as the API's codes (the same names: they are published in docs/api.md). */
type Refusal = {
  ok: false;
  code: 'not_found' | 'invalid_url' | 'target_refused' | 'invalid_events' | 'invalid_description' | 'invalid_overlap';
  message: string;
};

function refused(refusal: Refusal): never {
  const code: ApiErrorCode = refusal.code === 'not_found' ? 'webhook_endpoint_not_found' : refusal.code;
  throw new ApiError(code, refusal.message);
}

const deliveryParams = z.object({ id: z.string(), delivery: z.string() });
const events = z.array(z.string()).min(1).max(50).describe('event types (order.paid, …), or ["*"] for all');
const problems = { 404: problemSchema, 422: problemSchema };

/**
 * Outgoing webhook endpoints and their delivery logs (docs/webhooks.md): thin routes over the use cases in
 * src/merchant/webhooks, which the CLI (`cassa webhooks endpoints …`) calls too.
 */
export const webhookEndpointRoutes: ApiRoutes = (app, { config, db, clock }) => {
  const deps = webhookDepsFrom(config, db, clock);
  const findEndpoint = async (id: string) => {
    const endpoint = await getWebhookEndpoint(deps, id);
    if (!endpoint) throw new ApiError('webhook_endpoint_not_found', `No webhook endpoint ${id}.`);
    return endpoint;
  };

  app.post(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Create a webhook endpoint',
        description: 'Enabled at once. The answer carries the signing `secret` (whsec_…): it is never shown again.',
        body: z.object({ url: z.string(), events, description: z.string().optional() }),
        response: { 201: webhookEndpointWithSecretSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { url, events, description } = request.body;
      const result = await createWebhookEndpoint(deps, { url, events, ...(description ? { description } : {}) });
      if (!result.ok) refused(result);
      return reply.code(201).send({ ...result.endpoint, secret: result.secret });
    },
  );

  app.get(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'List webhook endpoints',
        description: PAGINATION_DESCRIPTION,
        querystring: z.object(pageQuery),
        response: { 200: listSchema(webhookEndpointSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after } = request.query;
      const page = await listWebhookEndpoints(deps, {
        limit,
        ...(starting_after ? { startingAfter: starting_after } : {}),
      });
      return { object: 'list' as const, ...page };
    },
  );

  app.get(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Get a webhook endpoint',
        params: idParams,
        response: { 200: webhookEndpointSchema, 404: problemSchema },
      },
    },
    async (request) => findEndpoint(request.params.id),
  );

  app.post(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Update a webhook endpoint',
        description:
          'Changes what is given. `enabled: false` disables it (deliveries wait, pending); `enabled: true` enables ' +
          'it again, clears its failure count and tries its pending deliveries now.',
        params: idParams,
        body: z.object({
          url: z.string().optional(),
          events: events.optional(),
          description: z.string().optional(),
          enabled: z.boolean().optional(),
        }),
        response: { 200: webhookEndpointSchema, ...problems },
      },
    },
    async (request) => {
      const { url, events, description, enabled } = request.body;
      const result = await updateWebhookEndpoint(deps, request.params.id, {
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      if (!result.ok) refused(result);
      return result.endpoint;
    },
  );

  app.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: "Rotate a webhook endpoint's signing secret",
        description:
          'A new secret, shown once. For `overlap_seconds` (86400 by default, 0 to 604800) every delivery is signed ' +
          'with both the old and the new one, so the receiver can switch without losing an event.',
        params: idParams,
        body: z
          .object({ overlap_seconds: z.number().int().optional() })
          .nullish()
          .describe('optional: no body is the default overlap'),
        response: { 200: webhookEndpointWithSecretSchema, ...problems },
      },
    },
    async (request) => {
      const overlap = request.body?.overlap_seconds;
      const result = await rotateWebhookSecret(deps, request.params.id, {
        ...(overlap !== undefined ? { overlapSeconds: overlap } : {}),
      });
      if (!result.ok) refused(result);
      return { ...result.endpoint, secret: result.secret };
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "List a webhook endpoint's deliveries",
        description: PAGINATION_DESCRIPTION,
        params: idParams,
        querystring: z.object({ ...pageQuery, status: z.enum(['pending', 'delivered', 'failed']).optional() }),
        response: { 200: listSchema(webhookDeliverySchema), 404: problemSchema },
      },
    },
    async (request) => {
      const { limit, starting_after, status } = request.query;
      const page = await listWebhookDeliveries(deps, request.params.id, {
        limit,
        ...(starting_after ? { startingAfter: starting_after } : {}),
        ...(status ? { status } : {}),
      });
      if (!page) throw new ApiError('webhook_endpoint_not_found', `No webhook endpoint ${request.params.id}.`);
      return { object: 'list' as const, ...page };
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries/:delivery',
    {
      schema: {
        tags,
        summary: 'Get a delivery with its tries',
        params: deliveryParams,
        response: { 200: webhookDeliveryDetailSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { id, delivery } = request.params;
      const found = await getWebhookDelivery(deps, id, delivery);
      if (!found) throw new ApiError('webhook_delivery_not_found', `No delivery ${delivery} of endpoint ${id}.`);
      return found;
    },
  );

  app.post(
    '/webhook-endpoints/:id/deliveries/:delivery/retry',
    {
      schema: {
        tags,
        summary: 'Retry a delivery now',
        description:
          'Queues one more try, due now, with the same `webhook-id` and body (even of a delivered or failed ' +
          'delivery, even while the endpoint is disabled). Answered 202: the delivery log shows the outcome.',
        params: deliveryParams,
        response: {
          202: z.object({ queued: z.literal(true), delivery: webhookDeliverySchema }),
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id, delivery } = request.params;
      const result = await retryWebhookDelivery(deps, id, delivery);
      if (!result.ok) throw new ApiError('webhook_delivery_not_found', result.message);
      return reply.code(202).send({ queued: true as const, delivery: result.delivery });
    },
  );
};
