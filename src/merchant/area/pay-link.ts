import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { findOrderOfCustomer } from '../orders/order-repository.ts';
import { createHandoffToken } from '../payments/handoff-token.ts';
import { AppError } from '../web/errors.ts';

/**
 * Where "Paga" leads: a route of Area Clienti that mints the one-time hand-off token at the moment of the click (a
 * token printed in the page would expire while the customer reads it) and sends the browser to Pagamenti with it.
 */
export function payOrderUrl(orderNumber: string, landing?: 'card'): string {
  return `/paga/${encodeURIComponent(orderNumber)}${landing === 'card' ? '?to=card' : ''}`;
}

const Params = z.object({ number: z.string().regex(/^ORD-\d{4}-\d{6,12}$/) });
/** `to=card`: open Pagamenti at the order's card choice (a payment link) rather than at the method choice. */
const Query = z.object({ to: z.literal('card').optional() }).catch({});

export function payHandoffRoutes(deps: { db: Kysely<MerchantDatabase>; clock: Clock; payBaseUrl: string }) {
  return async (app: FastifyInstance) => {
    app.get('/paga/:number', async (request, reply) => {
      const params = Params.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed order number');
      const landing = Query.parse(request.query).to;
      // From an email's "Paga": log in first, then come straight back here.
      if (!request.customer) {
        return reply.redirect(`/login?next=${encodeURIComponent(payOrderUrl(params.data.number, landing))}`, 303);
      }
      const found = await findOrderOfCustomer(deps.db, request.customer.id, params.data.number);
      if (!found) throw new AppError('not_found', `order ${params.data.number} is not the customer's`);
      const token = await createHandoffToken(deps.db, deps.clock, {
        customerId: request.customer.id,
        orderNumber: found.order.number,
        locale: request.i18n.locale,
        ...(landing ? { landing } : {}),
      });
      reply.header('referrer-policy', 'no-referrer');
      return reply.redirect(`${deps.payBaseUrl}/handoff?token=${encodeURIComponent(token)}`, 303);
    });
  };
}
