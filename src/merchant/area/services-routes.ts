import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase, Order, Subscription } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import type { Clock } from '../../shared/clock.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { listSavedCards } from '../cards/saved-card-repository.ts';
import { listOrdersOfSubscription } from '../orders/order-repository.ts';
import { checkCustomerOrderAction } from '../orders/order-states.ts';
import { ordersWithChargeInFlight } from '../payments/attempt-repository.ts';
import { listAwaitingOrders } from '../payments/payment-read-model.ts';
import { nextRenewal } from '../renewals/auto-renew.ts';
import { listRenewalsNeedingAttention } from '../renewals/renewal-repository.ts';
import {
  findSubscriptionOfCustomer,
  listSubscriptionsOfCustomer,
  type SubscriptionWithProduct,
} from '../subscriptions/subscription-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { AutoRenewView } from './auto-renew-views.tsx';
import { sendOrderPage } from './order-page.ts';
import { payOrderUrl } from './pay-link.ts';
import { SERVICE_NOTICES, type ServiceNotice, ServicePage, ServicesPage } from './services-views.tsx';

// A malformed id or number is answered like a missing one: 404, never a hint of what exists.
const ServiceParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number),
});
const OrderParams = z.object({ number: z.string().regex(/^ORD-\d{4}-\d{6,12}$/) });

/** Pages of the signed-in customer: their services, one service with its orders, one order. */
export function servicesRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  payBaseUrl: string;
  clock: Clock;
  timeZone: string;
  renewalLeadDays: number;
}) {
  const payUrl = payOrderUrl;

  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.customer) return reply.redirect('/login', 303);
    });

    app.get('/', async (request, reply) => {
      const customer = signedIn(request);
      const [services, awaiting, banner, chargeInFlight] = await Promise.all([
        listSubscriptionsOfCustomer(deps.db, customer.id),
        listAwaitingOrders(deps.db, customer.id),
        listRenewalsNeedingAttention(deps.db, customer.id),
        ordersWithChargeInFlight(deps.db, customer.id),
      ]);
      return sendPage(
        reply,
        ServicesPage({
          page: pageContext(request, 'app.area', '/logout'),
          services,
          awaiting,
          chargeInFlight,
          banner,
          payUrl,
          today: businessDate(deps.clock.now(), deps.timeZone),
        }),
      );
    });

    app.get('/services/:id', async (request, reply) => {
      const customer = signedIn(request);
      const params = ServiceParams.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed service id');
      const service = await findSubscriptionOfCustomer(deps.db, customer.id, params.data.id);
      if (!service) throw new AppError('not_found', `service ${params.data.id} is not the customer's`);
      const [orders, autoRenew, banner, chargeInFlight] = await Promise.all([
        listOrdersOfSubscription(deps.db, customer.id, service.subscription.id),
        autoRenewView(service, customer.id),
        listRenewalsNeedingAttention(deps.db, customer.id),
        ordersWithChargeInFlight(deps.db, customer.id),
      ]);
      const done = (request.query as { done?: unknown }).done;
      return sendPage(
        reply,
        ServicePage({
          page: pageContext(request, 'app.area', '/logout'),
          service,
          orders,
          chargeInFlight,
          reactivatable: reactivatable(orders, service.subscription),
          payUrl,
          autoRenew,
          banner: banner.filter((item) => item.subscription_id === service.subscription.id),
          done: typeof done === 'string' && Object.hasOwn(SERVICE_NOTICES, done) ? (done as ServiceNotice) : undefined,
        }),
      );
    });

    /** Cancelled renewal orders "Riattiva" may reopen; the use case checks again, under its locks. */
    function reactivatable(orders: Order[], subscription: Subscription): Set<number> {
      const today = businessDate(deps.clock.now(), deps.timeZone);
      const awaiting = orders.filter((order) => order.state === 'awaiting_payment');
      const facts = (order: Order) => ({
        order,
        service: subscription,
        paymentInProgress: false,
        otherOrderAwaiting: awaiting.some((other) => other.id !== order.id),
        today,
      });
      return new Set(
        orders.filter((order) => checkCustomerOrderAction('reactivate', facts(order)).ok).map((order) => order.id),
      );
    }

    async function autoRenewView({ subscription, product }: SubscriptionWithProduct, customerId: number) {
      if (!product.auto_renew_available) return { kind: 'unavailable' } as AutoRenewView;
      const now = deps.clock.now();
      const cards = await listSavedCards(deps.db, customerId);
      const usable = cards.filter((card) => !isCardExpired(card, now, deps.timeZone));
      const card = subscription.auto_renew ? cards.find((c) => c.id === subscription.auto_renew_card_id) : undefined;
      if (!card) return { kind: 'off', usableCards: subscription.status === 'active' ? usable : [] } as AutoRenewView;
      const renewal = nextRenewal(subscription, product, deps.renewalLeadDays);
      return {
        kind: 'on',
        card,
        nextRenewalDate: renewal.date,
        amountCents: renewal.amountCents,
        otherCards: usable.filter((c) => c.id !== card.id),
      } as AutoRenewView;
    }

    app.get('/orders/:number', async (request, reply) => {
      const customer = signedIn(request);
      const params = OrderParams.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed order number');
      const { done } = request.query as { done?: unknown };
      return sendOrderPage(deps.db, deps, request, reply, { customer, number: params.data.number, done });
    });
  };
}

/** The preHandler above guarantees it; this narrows the type without a non-null assertion at every use. */
function signedIn(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}
