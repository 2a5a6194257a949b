import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { orderActionFacts } from '../orders/order-action-facts.ts';
import { findOrderOfCustomer } from '../orders/order-repository.ts';
import { type CustomerOrderAction, checkCustomerOrderAction, type OrderActionRefusal } from '../orders/order-states.ts';
import { cancelAwaitingOrder, type OrderActionResult } from '../renewals/cancel-order.ts';
import { reactivateOrder } from '../renewals/reactivate-order.ts';
import { findSubscriptionOfCustomer } from '../subscriptions/subscription-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { CancelOrderConfirmPage, OrderActionRefusedPage } from './order-action-views.tsx';

const OrderParams = z.object({ number: z.string().regex(/^ORD-\d{4}-\d{6,12}$/) });

/**
 * "Annulla" (a confirmation page stating the consequence, then "Conferma annullamento") and "Riattiva" on the
 * customer's orders. The rules are CUSTOMER_ORDER_ACTIONS (orders/order-states.ts); a refusal is a 409 page saying
 * why, someone else's order a 404.
 */
export function orderActionRoutes(deps: { db: Kysely<MerchantDatabase>; clock: Clock; timeZone: string }) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.customer) return reply.redirect('/login', 303);
    });

    app.get('/orders/:number/cancel', async (request, reply) => {
      const { order, subscription } = await orderOf(request);
      const check = checkCustomerOrderAction('cancel', await orderActionFacts(deps.db, order, subscription, deps));
      if (!check.ok) return refused(request, reply, 'cancel', check.reason);
      return sendPage(
        reply,
        CancelOrderConfirmPage({ page: pageContext(request, 'app.area', '/logout'), order, subscription }),
      );
    });

    app.post('/orders/:number/cancel', async (request, reply) => {
      const result = await cancelAwaitingOrder(deps, {
        customerId: signedIn(request).id,
        orderNumber: number(request),
      });
      return after(request, reply, 'cancel', result, 'cancelled');
    });

    app.post('/orders/:number/reactivate', async (request, reply) => {
      const result = await reactivateOrder(deps, { customerId: signedIn(request).id, orderNumber: number(request) });
      return after(request, reply, 'reactivate', result, 'reactivated');
    });

    async function orderOf(request: FastifyRequest) {
      const customer = signedIn(request);
      const found = await findOrderOfCustomer(deps.db, customer.id, number(request));
      if (!found) throw new AppError('not_found', 'not the customer’s order');
      const service = await findSubscriptionOfCustomer(deps.db, customer.id, found.order.subscription_id);
      if (!service) throw new AppError('not_found', 'order without its service');
      return { order: found.order, subscription: service.subscription };
    }

    async function refused(
      request: FastifyRequest,
      reply: FastifyReply,
      action: CustomerOrderAction,
      reason: OrderActionRefusal,
    ) {
      const { order, subscription } = await orderOf(request);
      request.log.info({ order: order.number, action, reason }, 'order action refused');
      const page = pageContext(request, 'app.area', '/logout');
      return sendPage(reply, OrderActionRefusedPage({ page, action, reason, order, subscription }), 409);
    }

    async function after(
      request: FastifyRequest,
      reply: FastifyReply,
      action: CustomerOrderAction,
      result: OrderActionResult,
      done: 'cancelled' | 'reactivated',
    ) {
      if (result.ok) return reply.redirect(`/services/${result.subscriptionId}?done=${done}`, 303);
      if (result.reason === 'unknown_order') throw new AppError('not_found', 'not the customer’s order');
      return refused(request, reply, action, result.reason);
    }
  };
}

function number(request: FastifyRequest): string {
  const params = OrderParams.safeParse(request.params);
  if (!params.success) throw new AppError('not_found', 'malformed order number');
  return params.data.number;
}

function signedIn(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}
