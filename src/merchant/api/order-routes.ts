import { z } from 'zod';
import { createOrder, OrderCreationError } from '../orders/create-order.ts';
import { findOrderById } from '../orders/order-repository.ts';
import { loadOrderResource } from '../public/resources.ts';
import { cancelAwaitingOrder } from '../renewals/cancel-order.ts';
import { findSubscriptionById } from '../subscriptions/subscription-repository.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { filterId, idParams, rowIdOr404 } from './api-ids.ts';
import { listOrdersPage } from './list-queries.ts';
import { cursorId, listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';
import { orderSchema } from './resource-schemas.ts';

const tags = ['orders'];

/** Orders: created awaiting payment (Cassa prices them, VAT per line), paid by the customer, cancelled by either. */
export const orderRoutes: ApiRoutes = (app, deps) => {
  const orderOr404 = async (id: number) => {
    const order = await loadOrderResource(deps.db, id);
    if (!order) throw new ApiError('order_not_found');
    return order;
  };

  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Create an order awaiting payment',
        description:
          "One line for the service's product at today's catalogue price times `period_years`, VAT per line " +
          '(rounded half-up), an automatic promotion when one applies. `period_years` defaults to 1 for a purchase ' +
          "and to the service's renewal period for a renewal.",
        body: z.object({
          customer: z.string().describe('cus_…'),
          service: z.string().describe('svc_…, one of the customer’s services'),
          kind: z.enum(['purchase', 'renewal']),
          period_years: z.number().int().min(1).max(5).optional(),
        }),
        response: { 201: orderSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const customerId = rowIdOr404('customer', body.customer, 'customer_not_found');
      const service = await findSubscriptionById(deps.db, rowIdOr404('service', body.service, 'service_not_found'));
      if (!service) throw new ApiError('service_not_found');
      if (service.customer_id !== customerId) {
        throw new ApiError('customer_mismatch', `${body.service} is not a service of ${body.customer}.`);
      }
      const periodYears = body.period_years ?? (body.kind === 'renewal' ? service.renewal_period_years : 1);
      try {
        const order = await createOrder(
          deps.db,
          { customerId, subscriptionId: service.id, kind: body.kind, periodYears },
          { clock: deps.clock, timeZone: deps.config.businessTimeZone },
        );
        return reply.code(201).send(await orderOr404(order.id));
      } catch (error) {
        if (error instanceof OrderCreationError) {
          throw error.reason === 'invalid_period'
            ? new ApiError('invalid_request', 'period_years must be 1 to 5')
            : new ApiError('service_not_found');
        }
        throw error;
      }
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: 'List orders, by customer, state and creation time',
        description: `${PAGINATION_DESCRIPTION} \`created_from\` is inclusive, \`created_to\` exclusive.`,
        querystring: z.object({
          ...pageQuery,
          customer: z.string().optional().describe('cus_…'),
          state: z.enum(['awaiting_payment', 'paid', 'cancelled']).optional(),
          created_from: z.iso.datetime({ offset: true }).optional(),
          created_to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 200: listSchema(orderSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, customer, state, created_from, created_to } = request.query;
      const rows = await listOrdersPage(deps.db, {
        limit,
        beforeId: cursorId('order', starting_after),
        customerId: filterId('customer', 'customer', customer),
        state,
        createdFrom: created_from ? new Date(created_from) : undefined,
        createdTo: created_to ? new Date(created_to) : undefined,
      });
      return toPage(rows, limit, (order) => order);
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        summary: 'Get an order, with its payment and a summary of its attempts',
        params: idParams,
        response: { 200: orderSchema, 404: problemSchema },
      },
    },
    async (request) => orderOr404(rowIdOr404('order', request.params.id, 'order_not_found')),
  );

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an order awaiting payment',
        description:
          'The same rules as "Annulla" in Area Clienti: refused (`order_not_cancellable`, with the reason) when paid, ' +
          'cancelled already, being paid right now, or otherwise not cancellable there.',
        params: idParams,
        response: { 200: orderSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const order = await findOrderById(deps.db, rowIdOr404('order', request.params.id, 'order_not_found'));
      if (!order) throw new ApiError('order_not_found');
      const result = await cancelAwaitingOrder(
        { db: deps.db, clock: deps.clock, timeZone: deps.config.businessTimeZone },
        { customerId: order.customer_id, orderNumber: order.number },
      );
      if (!result.ok) throw new ApiError('order_not_cancellable', `The order cannot be cancelled: ${result.reason}.`);
      return orderOr404(order.id);
    },
  );
};
