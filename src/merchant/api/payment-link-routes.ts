import { z } from 'zod';
import { createPaymentLink, DEFAULT_LINK_SECONDS, MAX_LINK_SECONDS } from '../orders/payment-link.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { idParams, rowIdOr404 } from './api-ids.ts';

const tags = ['orders'];

const paymentLinkSchema = z
  .object({
    object: z.literal('payment_link'),
    order: z.string(),
    url: z.url(),
    expires_at: z.iso.datetime(),
    emailed: z.boolean(),
  })
  .meta({ id: 'PaymentLink' });

/** A signed, expiring link that opens Pagamenti on one order after the customer logs in (orders/payment-link.ts). */
export const paymentLinkRoutes: ApiRoutes = (app, deps) => {
  app.post(
    '/orders/:id/payment-link',
    {
      schema: {
        tags,
        summary: 'Make a payment link for an order awaiting payment',
        description:
          'An Area Clienti address that, once the order’s customer has logged in, opens the card choice for this ' +
          `order in Pagamenti. It works for \`expires_in\` seconds (default ${DEFAULT_LINK_SECONDS}, at most ` +
          `${MAX_LINK_SECONDS}); with \`email: true\` the customer also gets it by email. Anyone else who follows it ` +
          'sees nothing of the order.',
        params: idParams,
        body: z.object({
          expires_in: z.number().int().min(60).max(MAX_LINK_SECONDS).optional(),
          email: z.boolean().optional(),
        }),
        response: { 201: paymentLinkSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const orderId = rowIdOr404('order', request.params.id, 'order_not_found');
      const result = await createPaymentLink(
        { db: deps.db, clock: deps.clock, areaUrl: deps.config.publicUrls.area },
        {
          orderId,
          ...(request.body.expires_in === undefined ? {} : { expiresInSeconds: request.body.expires_in }),
          ...(request.body.email === undefined ? {} : { email: request.body.email }),
        },
      );
      if (result.ok) {
        return reply.code(201).send({
          object: 'payment_link' as const,
          order: request.params.id,
          url: result.url,
          expires_at: result.expiresAt.toISOString(),
          emailed: result.emailed,
        });
      }
      if (result.reason === 'not_found') throw new ApiError('order_not_found');
      if (result.reason === 'not_awaiting_payment') {
        throw new ApiError('order_not_payable', 'The order is not awaiting payment (paid or cancelled).');
      }
      throw new ApiError('invalid_request', `expires_in must be 60 to ${MAX_LINK_SECONDS} seconds`);
    },
  );
};
