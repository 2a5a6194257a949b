import { z } from 'zod';
import { catalogProductCode, publicId } from '../public/public-ids.ts';
import { serviceResource } from '../public/resources.ts';
import { switchAutoRenewOff } from '../renewals/auto-renew.ts';
import { createSubscription } from '../subscriptions/create-subscription.ts';
import { findSubscriptionById } from '../subscriptions/subscription-repository.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { filterId, idParams, rowIdOr404 } from './api-ids.ts';
import { listSubscriptionsPage } from './list-queries.ts';
import { cursorId, listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';
import { serviceSchema } from './resource-schemas.ts';

const tags = ['services'];

/** A customer's services (the code's "subscriptions"): created by the provider's systems, renewed by Cassa. */
export const serviceRoutes: ApiRoutes = (app, deps) => {
  const findService = async (id: string) => {
    const row = await findSubscriptionById(deps.db, rowIdOr404('service', id, 'service_not_found'));
    if (!row) throw new ApiError('service_not_found');
    return row;
  };

  app.post(
    '/services',
    {
      schema: {
        tags,
        summary: 'Create a service for a customer',
        description:
          'Active when both `activated_on` and `expires_on` are given, pending otherwise (its first paid order ' +
          'activates it). Automatic renewal starts off: the customer switches it on by paying with a card.',
        body: z.object({
          customer: z.string().describe('cus_…'),
          product: z.string().describe('a product code, e.g. PEC (either case)'),
          label: z.string().trim().min(1).max(200).describe('e.g. the PEC mailbox name'),
          renewal_period_years: z.number().int().min(1).max(5).default(1),
          activated_on: z.iso.date().nullable().default(null),
          expires_on: z.iso.date().nullable().default(null),
        }),
        response: { 201: serviceSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await createSubscription(deps, {
        customerId: rowIdOr404('customer', body.customer, 'customer_not_found'),
        productCode: catalogProductCode(body.product),
        label: body.label,
        renewalPeriodYears: body.renewal_period_years,
        activatedOn: body.activated_on,
        expiresOn: body.expires_on,
      });
      if (!result.ok) {
        if (result.reason === 'unknown_customer') throw new ApiError('customer_not_found');
        if (result.reason === 'unknown_product') throw new ApiError('unknown_product', `No product "${body.product}".`);
        throw new ApiError('invalid_request', 'expires_on must be after activated_on', {
          errors: [{ field: 'expires_on', message: 'must be after activated_on' }],
        });
      }
      return reply.code(201).send(serviceResource(result.subscription));
    },
  );

  app.get(
    '/services',
    {
      schema: {
        tags,
        summary: "List services, or a customer's",
        description: PAGINATION_DESCRIPTION,
        querystring: z.object({ ...pageQuery, customer: z.string().optional().describe('cus_…') }),
        response: { 200: listSchema(serviceSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, customer } = request.query;
      const rows = await listSubscriptionsPage(deps.db, {
        limit,
        customerId: filterId('customer', 'customer', customer),
        beforeId: cursorId('service', starting_after),
      });
      return toPage(rows, limit, serviceResource);
    },
  );

  app.get(
    '/services/:id',
    {
      schema: {
        tags,
        summary: 'Get a service',
        params: idParams,
        response: { 200: serviceSchema, 404: problemSchema },
      },
    },
    async (request) => serviceResource(await findService(request.params.id)),
  );

  app.post(
    '/services/:id/auto-renew',
    {
      schema: {
        tags,
        summary: 'Switch automatic renewal off',
        description:
          '`{ "enabled": false }` switches it off and emails the customer (already off: answered as done, no email). ' +
          '`{ "enabled": true }` is refused with `auto_renew_needs_customer`: the customer switches it on in Area ' +
          'Clienti, choosing the card to charge.',
        params: idParams,
        body: z.object({ enabled: z.boolean() }),
        response: { 200: serviceSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const service = await findService(request.params.id);
      if (request.body.enabled) throw new ApiError('auto_renew_needs_customer');
      const result = await switchAutoRenewOff(
        {
          db: deps.db,
          clock: deps.clock,
          timeZone: deps.config.businessTimeZone,
          leadDays: deps.config.renewals.leadDays,
        },
        { customerId: service.customer_id, subscriptionId: service.id },
      );
      if (!result.ok && result.reason !== 'already_off') {
        throw new ApiError('auto_renew_refused', `${publicId('service', service.id)}: ${result.reason}`);
      }
      return serviceResource(await findService(request.params.id));
    },
  );
};
