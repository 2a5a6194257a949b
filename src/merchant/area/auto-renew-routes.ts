import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  type AutoRenewResult,
  changeAutoRenewCard,
  switchAutoRenewOff,
  switchAutoRenewOn,
} from '../renewals/auto-renew.ts';
import { findSubscriptionOfCustomer } from '../subscriptions/subscription-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { AutoRenewOffConfirmPage } from './auto-renew-views.tsx';

const id = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);
const ServiceParams = z.object({ id });
const CardBody = z.object({ card: id });

/**
 * Automatic renewal from the service page: switch off (after a confirmation page), switch on with a saved card, change
 * the card ("Annulla" on an order is in order-action-routes.ts). Every refusal (a product without automatic renewal, someone
 * else's card, an expired card, a forged form) is a 4xx page: the server decides, not the page that hid the button.
 */
export function autoRenewRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  timeZone: string;
  leadDays: number;
}) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.customer) return reply.redirect('/login', 303);
    });
    const useCase = { db: deps.db, clock: deps.clock, timeZone: deps.timeZone, leadDays: deps.leadDays };

    app.get('/services/:id/auto-renew/off', async (request, reply) => {
      const customer = signedIn(request);
      const serviceId = parse(ServiceParams, request.params, 'not_found').id;
      const service = await findSubscriptionOfCustomer(deps.db, customer.id, serviceId);
      if (!service) throw new AppError('not_found', `service ${serviceId} is not the customer's`);
      if (!service.product.auto_renew_available || !service.subscription.auto_renew) {
        throw new AppError('bad_request', 'automatic renewal is not on for this service');
      }
      return sendPage(
        reply,
        AutoRenewOffConfirmPage({
          page: pageContext(request, 'app.area', '/logout'),
          subscription: service.subscription,
        }),
      );
    });

    app.post('/services/:id/auto-renew/off', async (request, reply) => {
      const customer = signedIn(request);
      const serviceId = parse(ServiceParams, request.params, 'not_found').id;
      refuseUnless(await switchAutoRenewOff(useCase, { customerId: customer.id, subscriptionId: serviceId }));
      return reply.redirect(`/services/${serviceId}?done=off`, 303);
    });

    app.post('/services/:id/auto-renew/on', async (request, reply) => {
      const customer = signedIn(request);
      const serviceId = parse(ServiceParams, request.params, 'not_found').id;
      const { card } = parse(CardBody, request.body, 'bad_request');
      refuseUnless(
        await switchAutoRenewOn(useCase, { customerId: customer.id, subscriptionId: serviceId, cardId: card }),
      );
      return reply.redirect(`/services/${serviceId}?done=on`, 303);
    });

    app.post('/services/:id/auto-renew/card', async (request, reply) => {
      const customer = signedIn(request);
      const serviceId = parse(ServiceParams, request.params, 'not_found').id;
      const { card } = parse(CardBody, request.body, 'bad_request');
      refuseUnless(
        await changeAutoRenewCard(useCase, { customerId: customer.id, subscriptionId: serviceId, cardId: card }),
      );
      return reply.redirect(`/services/${serviceId}?done=card`, 303);
    });
  };
}

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, code: 'not_found' | 'bad_request'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(code, 'malformed request');
  return parsed.data;
}

function refuseUnless(result: AutoRenewResult): void {
  if (result.ok) return;
  throw new AppError(result.reason === 'unknown_service' ? 'not_found' : 'bad_request', result.reason);
}

function signedIn(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}
