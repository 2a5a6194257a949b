import { z } from 'zod';
import { findAttemptByPublicId } from '../payments/attempt-repository.ts';
import { loadPaymentResource } from '../public/resources.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { filterId, idParams } from './api-ids.ts';
import { listPaymentsPage } from './list-queries.ts';
import { listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';
import { paymentSchema } from './resource-schemas.ts';

const tags = ['payments'];

/** Payments: every attempt at taking money (order payments, renewal charges, card checks), read only. */
export const paymentRoutes: ApiRoutes = (app, deps) => {
  app.get(
    '/payments',
    {
      schema: {
        tags,
        summary: 'List payments, by order or customer',
        description: PAGINATION_DESCRIPTION,
        querystring: z.object({
          ...pageQuery,
          order: z.string().optional().describe('ord_…'),
          customer: z.string().optional().describe('cus_…'),
        }),
        response: { 200: listSchema(paymentSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, order, customer } = request.query;
      let beforeId: number | undefined;
      if (starting_after !== undefined) {
        const cursor = await findAttemptByPublicId(deps.db, starting_after);
        if (!cursor) {
          throw new ApiError('invalid_request', 'starting_after is not a payment id', {
            errors: [{ field: 'starting_after', message: 'expected a payment id' }],
          });
        }
        beforeId = cursor.id;
      }
      const rows = await listPaymentsPage(deps.db, {
        limit,
        beforeId,
        orderId: filterId('order', 'order', order),
        customerId: filterId('customer', 'customer', customer),
      });
      return toPage(rows, limit, (payment) => payment);
    },
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        tags,
        summary: 'Get a payment',
        params: idParams,
        response: { 200: paymentSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const attempt = await findAttemptByPublicId(deps.db, request.params.id);
      const payment = attempt && (await loadPaymentResource(deps.db, attempt.id));
      if (!payment) throw new ApiError('payment_not_found');
      return payment;
    },
  );
};
