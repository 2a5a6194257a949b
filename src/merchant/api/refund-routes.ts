import { z } from 'zod';
import { paymentDepsFrom } from '../payments/payment-deps.ts';
import { requestRefund } from '../refunds/request-refund.ts';
import type { ApiRoutes } from './api-app.ts';
import { apiKeyOf } from './api-auth.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { idParams } from './api-ids.ts';
import { refundSchema } from './resource-schemas.ts';

const tags = ['payments'];

/**
 * Refunds of a captured payment, in part or in full, never more than was captured (the database holds that line:
 * src/merchant/refunds/). The request's Idempotency-Key is also the refund's own key, scoped to this API key, so a
 * retry after a lost answer gives back the same refund and the bank refunds once.
 */
export const refundRoutes: ApiRoutes = (app, deps) => {
  app.post(
    '/payments/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Refund a payment, in part or in full',
        description:
          'Gives back `amount` cents of a captured payment (at most what is left of it) and emails the customer, ' +
          'with `reason` when given. The answer is the refund: `succeeded` when the bank confirmed it, `pending` ' +
          'while the bank has not answered (Cassa retries; a `payment.refunded` event follows), `failed` when the ' +
          'bank refused it (its amount can be refunded again).',
        params: idParams,
        body: z.object({
          amount: z.number().int().positive().describe('cents'),
          reason: z.string().max(500).optional(),
        }),
        response: { 201: refundSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const result = await requestRefund(
        paymentDepsFrom(deps.config, { db: deps.db, gateway: deps.gateway, clock: deps.clock, logger: request.log }),
        {
          paymentPublicId: request.params.id,
          amountCents: request.body.amount,
          ...(request.body.reason ? { reason: request.body.reason } : {}),
          idempotencyKey: `api:${key.id}:${String(request.headers['idempotency-key'])}`,
          requestedBy: `api:${key.prefix}`,
        },
      );
      if (result.ok) return reply.code(201).send(result.refund);
      switch (result.reason) {
        case 'not_found':
          throw new ApiError('payment_not_found');
        case 'not_captured':
          throw new ApiError('payment_not_refundable', 'Only a captured payment can be refunded.');
        case 'exceeds_refundable':
          throw new ApiError(
            'refund_exceeds_payment',
            `At most ${result.refundableCents ?? 0} cents of this payment can still be refunded.`,
          );
        case 'invalid_amount':
          throw new ApiError('invalid_request', 'amount must be a positive whole number of cents within the payment');
      }
    },
  );
};
