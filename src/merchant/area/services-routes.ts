import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import {
  countAwaitingOrdersBySubscription,
  findOrderOfCustomer,
  listOrdersOfSubscription,
} from '../orders/order-repository.ts';
import { findSubscriptionOfCustomer, listSubscriptionsOfCustomer } from '../subscriptions/subscription-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { OrderPage } from './order-views.tsx';
import { payOrderUrl } from './pay-link.ts';
import { ServicePage, ServicesPage } from './services-views.tsx';

// A malformed id or number is answered like a missing one: 404, never a hint of what exists.
const ServiceParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number),
});
const OrderParams = z.object({ number: z.string().regex(/^ORD-\d{4}-\d{6,12}$/) });

/** Pages of the signed-in customer: their services, one service with its orders, one order. */
export function servicesRoutes(deps: { db: Kysely<MerchantDatabase>; payBaseUrl: string }) {
  const payUrl = payOrderUrl;

  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.customer) return reply.redirect('/login', 303);
    });

    app.get('/', async (request, reply) => {
      const customer = signedIn(request);
      const [services, awaitingBySubscription] = await Promise.all([
        listSubscriptionsOfCustomer(deps.db, customer.id),
        countAwaitingOrdersBySubscription(deps.db, customer.id),
      ]);
      return sendPage(
        reply,
        ServicesPage({ page: pageContext(request, 'app.area', '/logout'), services, awaitingBySubscription }),
      );
    });

    app.get('/services/:id', async (request, reply) => {
      const customer = signedIn(request);
      const params = ServiceParams.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed service id');
      const service = await findSubscriptionOfCustomer(deps.db, customer.id, params.data.id);
      if (!service) throw new AppError('not_found', `service ${params.data.id} is not the customer's`);
      const orders = await listOrdersOfSubscription(deps.db, customer.id, service.subscription.id);
      const cardId = service.subscription.auto_renew_card_id;
      const autoRenewCard = cardId ? await findSavedCardById(deps.db, cardId) : undefined;
      return sendPage(
        reply,
        ServicePage({ page: pageContext(request, 'app.area', '/logout'), service, orders, payUrl, autoRenewCard }),
      );
    });

    app.get('/orders/:number', async (request, reply) => {
      const customer = signedIn(request);
      const params = OrderParams.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed order number');
      const found = await findOrderOfCustomer(deps.db, customer.id, params.data.number);
      if (!found) throw new AppError('not_found', `order ${params.data.number} is not the customer's`);
      const service = await findSubscriptionOfCustomer(deps.db, customer.id, found.order.subscription_id);
      if (!service) throw new AppError('not_found', 'order without its service');
      return sendPage(
        reply,
        OrderPage({
          page: pageContext(request, 'app.area', '/logout'),
          order: found.order,
          lines: found.lines,
          subscription: service.subscription,
          payUrl: payUrl(found.order.number),
        }),
      );
    });
  };
}

/** The preHandler above guarantees it; this narrows the type without a non-null assertion at every use. */
function signedIn(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}
