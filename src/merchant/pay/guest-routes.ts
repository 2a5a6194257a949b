import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { waitText } from '../area/login-views.tsx';
import { productName } from '../catalog/product-names.ts';
import { ORDER_NUMBER } from '../orders/order-number.ts';
import { findOpenAttemptOfOrder } from '../payments/attempt-repository.ts';
import { findGuestOrder } from '../payments/find-guest-order.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { findOrderWithService } from '../payments/payment-read-model.ts';
import { startPayment } from '../payments/start-payment.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { AppError } from '../web/errors.ts';
import { RENEWAL_INFO_PATH } from '../web/links.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { GuestOrderPage, GuestStartPage } from './guest-views.tsx';
import { GUEST_ORDER_PATH, GUEST_START_PATH, MessagePage } from './pay-views.tsx';

export interface GuestRouteDeps {
  payments: PaymentDeps;
  sessions: SessionManager;
  limiter: RateLimiter;
  areaUrl: string;
}

// Generous bounds: they only stop absurd inputs; the number's and the email's shapes are checked below.
const GuestForm = z.object({ order: z.string().max(64), email: z.string().max(254) });
const GuestPayForm = z.object({ request_key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/**
 * "Paga subito un ordine": a visitor who is not signed in gives an order's number and the account's email, and gets
 * a guest session that holds that one order's id and nothing else — it cannot list orders, see another one, or use
 * the account's saved cards (the signed-in routes refuse a session without a customer). The order is paid with a
 * new card on the bank's page, which is not saved, and automatic renewal is not switched on.
 */
export function guestRoutes(deps: GuestRouteDeps) {
  const { db } = deps.payments;
  const page = (request: FastifyRequest) => pageContext(request, 'app.pay');

  const startPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { number?: string; email?: string; error?: string; status?: number; cancelled?: boolean },
  ) =>
    sendPage(
      reply,
      GuestStartPage({
        page: page(request),
        number: options.number ?? '',
        email: options.email ?? '',
        error: options.error ?? null,
        cancelled: options.cancelled ?? false,
        areaUrl: deps.areaUrl,
      }),
      options.status ?? 200,
    );

  /** The guest session's one order, or undefined (no guest session: back to the start). */
  async function guestOrder(request: FastifyRequest) {
    const orderId = request.customer ? null : (request.session?.guestOrderId ?? null);
    return orderId === null ? undefined : findOrderWithService(db, orderId);
  }

  async function orderPage(request: FastifyRequest, reply: FastifyReply, error: string | null, status: number) {
    const found = await guestOrder(request);
    if (!found) return reply.redirect(GUEST_START_PATH, 303);
    const { t } = request.i18n;
    const { order } = found;
    if (order.state !== 'awaiting_payment') {
      const body =
        order.state === 'paid'
          ? t('pay.orders.paid', { number: order.number })
          : t('pay.orders.cancelled', { number: order.number });
      return sendPage(
        reply,
        MessagePage({ page: page(request), title: 'pay.guest.title', body, areaUrl: deps.areaUrl }),
        409,
      );
    }
    const open = await findOpenAttemptOfOrder(db, order.id);
    if (open?.purpose === 'renewal_charge') {
      return sendPage(
        reply,
        MessagePage({
          page: page(request),
          title: 'pay.chargeInProgress.title',
          body: t('pay.chargeInProgress.body', { number: order.number }),
          areaUrl: deps.areaUrl,
        }),
        409,
      );
    }
    return sendPage(
      reply,
      GuestOrderPage({
        page: page(request),
        order,
        subscription: found.subscription,
        productName: productName(found.product, request.i18n.locale),
        requestKey: randomBytes(18).toString('base64url'),
        error,
        renewalInfoUrl: `${deps.areaUrl}${RENEWAL_INFO_PATH}`,
        autoRenewAvailable: found.product.auto_renew_available,
      }),
      status,
    );
  }

  return async (app: FastifyInstance) => {
    app.get(GUEST_START_PATH, async (request, reply) => {
      // A signed-in customer pays from the orders panel, with the saved cards; starting a guest session would end theirs.
      if (request.customer) return reply.redirect('/', 303);
      await deps.sessions.ensure(request, reply, null);
      const cancelled = (request.query as Record<string, unknown>).annullato === '1';
      return startPage(request, reply, { cancelled });
    });

    app.post(GUEST_START_PATH, async (request, reply) => {
      const form = GuestForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'guest payment form');
      const { t } = request.i18n;
      const number = form.data.order.trim().toUpperCase();
      const email = form.data.email.trim();
      const refuse = (error: string, status = 422) => startPage(request, reply, { number, email, error, status });
      if (!ORDER_NUMBER.test(number)) return refuse(t('pay.orders.malformed'));
      const found = await findGuestOrder({ db, limiter: deps.limiter }, { number, email, ip: request.ip });
      request.log.info({ outcome: found.kind }, 'guest order lookup');
      switch (found.kind) {
        case 'rate_limited':
          reply.header('retry-after', String(found.retryAfterSeconds));
          return refuse(t('pay.guest.rateLimited', { wait: waitText(t, found.retryAfterSeconds) }), 429);
        case 'not_found':
          return refuse(t('pay.guest.notFound'));
        case 'paid':
          return refuse(t('pay.orders.paid', { number }));
        case 'cancelled':
          return refuse(t('pay.orders.cancelled', { number }));
        case 'found':
          await deps.sessions.startGuest(request, reply, found.order.id, request.i18n.locale);
          return reply.redirect(GUEST_ORDER_PATH, 303);
      }
    });

    app.get(GUEST_ORDER_PATH, async (request, reply) => orderPage(request, reply, null, 200));

    app.post(GUEST_ORDER_PATH, async (request, reply) => {
      const found = await guestOrder(request);
      if (!found) return reply.redirect(GUEST_START_PATH, 303);
      const form = GuestPayForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'missing or malformed request key');
      const { t } = request.i18n;
      const { order } = found;
      // Whatever the form says (a forged `card` field included), a guest pays with a new card only.
      const result = await startPayment(deps.payments, {
        customerId: order.customer_id,
        orderNumber: order.number,
        card: 'new',
        requestKey: form.data.request_key,
        locale: request.i18n.locale,
        sessionRef: request.session?.idHash ?? null,
        payer: 'guest',
      });
      switch (result.kind) {
        case 'redirect':
          reply.header('referrer-policy', 'no-referrer');
          return reply.redirect(result.url, 303);
        case 'settled':
        case 'in_progress':
        case 'bank_refused':
          return reply.redirect(`/payments/${result.attempt.public_id}`, 303);
        case 'order_not_found':
          throw new AppError('not_found', 'guest order vanished');
        case 'charge_in_progress':
        case 'order_paid':
        case 'order_cancelled':
          return orderPage(request, reply, null, 409);
        case 'card_not_usable':
          throw new AppError('bad_request', 'a guest pays with a new card only');
        case 'bank_unavailable':
          return orderPage(request, reply, t('pay.bankUnavailable'), 503);
      }
    });
  };
}
