import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { checkPaymentLinkToken, PAYMENT_LINK_PATH_PREFIX } from '../orders/payment-link.ts';
import { AppError } from '../web/errors.ts';
import { payOrderUrl } from './pay-link.ts';

const Params = z.object({ token: z.string().max(120) });

/**
 * Where a payment link (orders/payment-link.ts) leads. The signature and expiry are checked first (a tampered link is
 * 400, an expired one 410, before anything about the order is looked up); then the customer logs in, coming back
 * here; then the link must be for the signed-in customer's order (403 otherwise, naming nothing of it); then an order
 * no longer awaiting payment says so (409 "Ordine già pagato" / "Ordine annullato"). An order awaiting payment goes
 * through "Paga"'s hand-off to Pagamenti, landing on that order's card choice.
 */
export function paymentLinkRoutes(deps: { db: Kysely<MerchantDatabase>; clock: Clock }) {
  return async (app: FastifyInstance) => {
    app.get(`${PAYMENT_LINK_PATH_PREFIX}:token`, async (request, reply) => {
      const params = Params.safeParse(request.params);
      if (!params.success) throw new AppError('payment_link_invalid', 'malformed token');
      const check = await checkPaymentLinkToken(deps, params.data.token);
      if (!check.ok) throw new AppError(`payment_link_${check.reason}`, 'payment link refused');
      if (!request.customer) {
        const back = `${PAYMENT_LINK_PATH_PREFIX}${params.data.token}`;
        return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
      }
      const order = await deps.db
        .selectFrom('orders')
        .select(['number', 'state', 'customer_id'])
        .where('id', '=', check.orderId)
        .executeTakeFirst();
      if (!order || Number(order.customer_id) !== request.customer.id) {
        throw new AppError('payment_link_other_customer', `order ${check.orderId} is not the customer's`);
      }
      if (order.state === 'paid') throw new AppError('order_already_paid', order.number);
      if (order.state === 'cancelled') throw new AppError('order_cancelled', order.number);
      reply.header('referrer-policy', 'no-referrer');
      return reply.redirect(payOrderUrl(order.number, 'card'), 303);
    });
  };
}
