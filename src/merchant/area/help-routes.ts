import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { listOrdersOfCustomer } from '../orders/order-repository.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { submitSupportRequest } from '../support/submit-support-request.ts';
import { isSupportRequestOf } from '../support/support-request-repository.ts';
import { SUPPORT_MESSAGE_MAX, SUPPORT_TOPICS } from '../support/support-topics.ts';
import { feedbackThanked } from '../web/feedback-routes.ts';
import { HELP_PATH } from '../web/layout.tsx';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { type ContactNotice, ContactPage } from './contact-views.tsx';
import { CONTACT_PATH, HelpPage } from './help-views.tsx';
import { waitText } from './login-views.tsx';

const ContactForm = z.object({
  topic: z.enum(SUPPORT_TOPICS),
  message: z.string().trim().min(1).max(SUPPORT_MESSAGE_MAX),
  order: z.string().max(40).default(''),
});

/** "Assistenza" (open to all) and "Contatta i nostri esperti" (signed-in customers: the reply goes to their email). */
export function helpRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  sessions: SessionManager;
  limiter: RateLimiter;
  supportEmail: string;
}) {
  return async (app: FastifyInstance) => {
    app.get(HELP_PATH, async (request, reply) => {
      // The feedback form needs a session's CSRF token, also for a visitor who has not logged in.
      await deps.sessions.ensure(request, reply, null);
      return sendPage(
        reply,
        HelpPage({ page: pageContext(request, 'app.area', '/logout'), feedbackThanked: feedbackThanked(request) }),
      );
    });

    const contactPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      customer: Customer,
      extra: { notice?: ContactNotice; values?: Record<string, string> } = {},
      status = 200,
    ) =>
      sendPage(
        reply,
        ContactPage({
          page: pageContext(request, 'app.area', '/logout'),
          email: customer.email,
          orders: await listOrdersOfCustomer(deps.db, customer.id),
          ...extra,
        }),
        status,
      );

    app.get(CONTACT_PATH, async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(CONTACT_PATH)}`, 303);
      const sent = Number((request.query as { sent?: unknown }).sent);
      const notice =
        Number.isSafeInteger(sent) && sent > 0 && (await isSupportRequestOf(deps.db, customer.id, sent))
          ? ({ kind: 'sent', requestId: sent } as const)
          : undefined;
      return contactPage(request, reply, customer, notice ? { notice } : {});
    });

    app.post(CONTACT_PATH, async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(CONTACT_PATH)}`, 303);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = {
        topic: typeof body.topic === 'string' ? body.topic : '',
        message: typeof body.message === 'string' ? body.message.slice(0, SUPPORT_MESSAGE_MAX) : '',
        order: typeof body.order === 'string' ? body.order : '',
      };
      const form = ContactForm.safeParse(body);
      if (!form.success) return contactPage(request, reply, customer, { notice: { kind: 'invalid' }, values }, 400);
      const result = await submitSupportRequest(
        { db: deps.db, clock: deps.clock, limiter: deps.limiter, supportEmail: deps.supportEmail },
        {
          customer,
          ip: request.ip,
          topic: form.data.topic,
          message: form.data.message,
          orderNumber: form.data.order === '' ? null : form.data.order,
        },
      );
      if (result.kind === 'unknown_order') {
        request.log.info({ customerId: customer.id }, 'support request names an order not of the customer');
        return contactPage(request, reply, customer, { notice: { kind: 'unknown_order' }, values }, 400);
      }
      if (result.kind === 'rate_limited') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const wait = waitText(request.i18n.t, result.retryAfterSeconds);
        return contactPage(request, reply, customer, { notice: { kind: 'rate_limited', wait }, values }, 429);
      }
      request.log.info({ customerId: customer.id, requestId: result.requestId }, 'support request sent');
      return reply.redirect(`${CONTACT_PATH}?sent=${result.requestId}`, 303);
    });
  };
}
