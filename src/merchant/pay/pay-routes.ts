import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Customer } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById, listSavedCards } from '../cards/saved-card-repository.ts';
import { productName } from '../catalog/product-names.ts';
import { listProducts } from '../catalog/product-repository.ts';
import { ORDER_NUMBER } from '../orders/order-number.ts';
import { redeemHandoffToken } from '../payments/handoff-token.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { findOrderForCardPage, findOrderForPayment, listAwaitingOrders } from '../payments/payment-read-model.ts';
import { ATTEMPT_PUBLIC_ID } from '../payments/public-ids.ts';
import { startPayment } from '../payments/start-payment.ts';
import { renewalAfterPaying } from '../renewals/auto-renew.ts';
import { AppError } from '../web/errors.ts';
import { RENEWAL_INFO_PATH } from '../web/links.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { CardChoicePage, MessagePage, MethodPage, OrdersPanelPage } from './pay-views.tsx';
import { PAY_LOGOUT_ACTION } from './sign-out-routes.ts';

export interface PayRouteDeps {
  payments: PaymentDeps;
  sessions: SessionManager;
  areaUrl: string;
}

const REQUEST_KEY = /^[A-Za-z0-9_-]{16,64}$/;

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The Pagamenti flow: hand-off → "Carta di Credito" / "Paga Subito" → orders panel → card choice → the bank. */
export function payRoutes(deps: PayRouteDeps) {
  const { db } = deps.payments;
  const page = (request: FastifyRequest) => pageContext(request, 'app.pay', PAY_LOGOUT_ACTION);

  const signInPage = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(
      reply,
      MessagePage({
        page: page(request),
        title: 'pay.signin.title',
        body: request.i18n.t('pay.signin.body'),
        areaUrl: deps.areaUrl,
        // Not signed in (or a guest session, which may see its one order only): the way to pay without logging in.
        guestLink: true,
      }),
      401,
    );

  /** An automatic renewal charge of the order is at the bank: "Pagamento in corso", nothing to start (409). */
  const chargeInProgressPage = (request: FastifyRequest, reply: FastifyReply, number: string) =>
    sendPage(
      reply,
      MessagePage({
        page: page(request),
        title: 'pay.chargeInProgress.title',
        body: request.i18n.t('pay.chargeInProgress.body', { number }),
        areaUrl: deps.areaUrl,
      }),
      409,
    );

  async function productNames(locale: 'it' | 'en'): Promise<Map<string, string>> {
    return new Map((await listProducts(db)).map((p) => [p.code, productName(p, locale)]));
  }

  async function ordersPanel(
    request: FastifyRequest,
    reply: FastifyReply,
    customer: Customer,
    options: { value: string; error: string | null; status: number },
  ) {
    const orders = await listAwaitingOrders(db, customer.id);
    return sendPage(
      reply,
      OrdersPanelPage({
        page: page(request),
        orders,
        productNames: await productNames(request.i18n.locale),
        value: options.value,
        error: options.error,
      }),
      options.status,
    );
  }

  return async (app: FastifyInstance) => {
    // "Paga" in Area Clienti lands here with its one-time token: a fresh Pagamenti session for that customer.
    app.get('/handoff', async (request, reply) => {
      const check = await redeemHandoffToken(db, deps.payments.clock, (request.query as Record<string, unknown>).token);
      if (!check.ok) {
        request.log.info({ reason: check.reason }, 'hand-off refused');
        const status = check.reason === 'invalid' ? 400 : 410;
        return sendPage(
          reply,
          MessagePage({
            page: page(request),
            title: 'pay.handoff.title',
            body: request.i18n.t(`pay.handoff.${check.reason}`),
            areaUrl: deps.areaUrl,
          }),
          status,
        );
      }
      await deps.sessions.start(request, reply, check.handoff.customerId, check.handoff.locale);
      const number = check.handoff.orderNumber;
      if (number && check.handoff.landing === 'card') {
        return reply.redirect(`/orders/${encodeURIComponent(number)}/card`, 303);
      }
      return reply.redirect(`/${number ? `?order=${encodeURIComponent(number)}` : ''}`, 303);
    });

    app.register(async (signedIn) => {
      signedIn.addHook('preHandler', async (request, reply) => {
        if (!request.customer) return signInPage(request, reply);
      });

      signedIn.get('/', async (request, reply) => {
        const order = field(request.query, 'order');
        return sendPage(
          reply,
          MethodPage({ page: page(request), orderNumber: ORDER_NUMBER.test(order) ? order : null }),
        );
      });

      signedIn.get('/orders', async (request, reply) => {
        const order = field(request.query, 'order');
        return ordersPanel(request, reply, customerOf(request), {
          value: ORDER_NUMBER.test(order) ? order : '',
          error: null,
          status: 200,
        });
      });

      signedIn.post('/orders', async (request, reply) => {
        const customer = customerOf(request);
        const { t } = request.i18n;
        const number = field(request.body, 'order').toUpperCase();
        const refuse = (error: string) => ordersPanel(request, reply, customer, { value: number, error, status: 422 });
        if (!ORDER_NUMBER.test(number)) return refuse(t('pay.orders.malformed'));
        const found = await findOrderForPayment(db, customer.id, number);
        // Someone else's order gets exactly the answer of a number that does not exist.
        if (!found) return refuse(t('pay.orders.notFound', { number }));
        if (found.order.state === 'paid') return refuse(t('pay.orders.paid', { number }));
        if (found.order.state === 'cancelled') return refuse(t('pay.orders.cancelled', { number }));
        return reply.redirect(`/orders/${number}/card`, 303);
      });

      signedIn.get('/orders/:number/card', async (request, reply) => {
        return cardChoice(request, reply, null, 200);
      });

      signedIn.post('/orders/:number/pay', async (request, reply) => {
        const customer = customerOf(request);
        const { t } = request.i18n;
        const number = orderNumberParam(request);
        const cardField = field(request.body, 'card');
        const requestKey = field(request.body, 'request_key');
        if (!REQUEST_KEY.test(requestKey)) throw new AppError('bad_request', 'missing or malformed request key');
        if (cardField !== 'new' && !/^[1-9]\d{0,15}$/.test(cardField)) {
          return cardChoice(request, reply, t('pay.card.choose'), 422);
        }
        const supersedes = field(request.body, 'supersedes');
        const result = await startPayment(deps.payments, {
          customerId: customer.id,
          orderNumber: number,
          card: cardField === 'new' ? 'new' : Number(cardField),
          requestKey,
          locale: request.i18n.locale,
          sessionRef: request.session?.idHash ?? null,
          // An unticked checkbox is not sent at all: only a ticked one switches automatic renewal on.
          switchAutoRenew: field(request.body, 'auto_renew') === 'on',
          ...(ATTEMPT_PUBLIC_ID.test(supersedes) ? { supersedes } : {}),
        });
        switch (result.kind) {
          case 'redirect':
            reply.header('referrer-policy', 'no-referrer');
            return reply.redirect(result.url, 303);
          case 'settled':
          case 'in_progress':
          case 'bank_refused':
            return reply.redirect(`/payments/${result.attempt.public_id}`, 303);
          case 'charge_in_progress':
            return chargeInProgressPage(request, reply, number);
          case 'order_not_found':
            throw new AppError('not_found', `order ${number} is not the customer's`);
          case 'order_paid':
            return ordersPanel(request, reply, customer, {
              value: number,
              error: t('pay.orders.paid', { number }),
              status: 409,
            });
          case 'order_cancelled':
            return ordersPanel(request, reply, customer, {
              value: number,
              error: t('pay.orders.cancelled', { number }),
              status: 409,
            });
          case 'card_not_usable':
            return cardChoice(request, reply, t('pay.card.notUsable'), 422);
          case 'bank_unavailable':
            return cardChoice(request, reply, t('pay.bankUnavailable'), 503);
        }
      });
    });
  };

  async function cardChoice(request: FastifyRequest, reply: FastifyReply, error: string | null, status: number) {
    const customer = customerOf(request);
    const number = orderNumberParam(request);
    const loaded = await findOrderForCardPage(db, customer.id, number);
    if (!loaded) throw new AppError('not_found', `order ${number} is not the customer's`);
    const { openAttempt: open, ...found } = loaded;
    const { t } = request.i18n;
    if (found.order.state !== 'awaiting_payment') {
      const message =
        found.order.state === 'paid' ? t('pay.orders.paid', { number }) : t('pay.orders.cancelled', { number });
      return ordersPanel(request, reply, customer, { value: number, error: message, status: 409 });
    }
    const today = deps.payments.clock.now();
    if (open?.purpose === 'renewal_charge') return chargeInProgressPage(request, reply, number);
    const { subscription, product } = found;
    const renewal =
      product.auto_renew_available && !subscription.auto_renew
        ? renewalAfterPaying(subscription, product, {
            periodYears: found.order.period_years,
            today: businessDate(today, deps.payments.timeZone),
            leadDays: deps.payments.renewalLeadDays,
          })
        : null;
    const autoRenewCard =
      subscription.auto_renew && subscription.auto_renew_card_id !== null
        ? await findSavedCardById(db, subscription.auto_renew_card_id)
        : undefined;
    return sendPage(
      reply,
      CardChoicePage({
        page: page(request),
        ...found,
        openAttempt: open?.publicId ?? null,
        productName: productName(found.product, request.i18n.locale),
        cards: await listSavedCards(db, customer.id),
        requestKey: randomBytes(18).toString('base64url'),
        error,
        isExpired: (card) => isCardExpired(card, today, deps.payments.timeZone),
        renewal: renewal?.date ? { date: renewal.date, amountCents: renewal.amountCents } : null,
        autoRenewCard,
        renewalInfoUrl: `${deps.areaUrl}${RENEWAL_INFO_PATH}`,
      }),
      status,
    );
  }
}

function customerOf(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}

function orderNumberParam(request: FastifyRequest): string {
  const number = (request.params as { number?: unknown }).number;
  if (typeof number !== 'string' || !ORDER_NUMBER.test(number))
    throw new AppError('not_found', 'malformed order number');
  return number;
}
