import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { orderActionFacts } from '../orders/order-action-facts.ts';
import { findOrderOfCustomer } from '../orders/order-repository.ts';
import { checkCustomerOrderAction } from '../orders/order-states.ts';
import { findOpenAttemptOfOrder, ordersWithChargeInFlight } from '../payments/attempt-repository.ts';
import { orderDiscountCents } from '../promotions/order-discount-repository.ts';
import { findPromotionById } from '../promotions/promotion-repository.ts';
import { findSubscriptionOfCustomer } from '../subscriptions/subscription-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { OrderDiscountView } from './discounts-views.tsx';
import { OrderPage } from './order-views.tsx';
import { payOrderUrl } from './pay-link.ts';

/**
 * One order of the signed-in customer, as its page shows it — read in one place for the page itself and for a form
 * on it answered with the page again (a refused discount code: 4xx with the message beside the field).
 */
export async function sendOrderPage(
  db: Kysely<MerchantDatabase>,
  time: { clock: Clock; timeZone: string },
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    customer: Customer;
    number: string;
    status?: number;
    /** `?done=` after a redirect: 'discount' confirms the code just applied. */
    done?: unknown;
    /** The code form as it was submitted, with its refusal. */
    codeForm?: { typed: string; error: string };
  },
): Promise<FastifyReply> {
  const found = await findOrderOfCustomer(db, input.customer.id, input.number);
  if (!found) throw new AppError('not_found', `order ${input.number} is not the customer's`);
  const service = await findSubscriptionOfCustomer(db, input.customer.id, found.order.subscription_id);
  if (!service) throw new AppError('not_found', 'order without its service');
  const { order } = found;
  const [inFlight, discount, facts] = await Promise.all([
    ordersWithChargeInFlight(db, input.customer.id),
    discountView(db, order, input.codeForm),
    orderActionFacts(db, order, service.subscription, time),
  ]);
  return sendPage(
    reply,
    OrderPage({
      page: pageContext(request, 'app.area', '/logout'),
      order,
      lines: found.lines,
      subscription: service.subscription,
      payUrl: payOrderUrl(order.number),
      chargeInFlight: inFlight.has(order.id),
      canCancel: checkCustomerOrderAction('cancel', facts).ok,
      canReactivate: checkCustomerOrderAction('reactivate', facts).ok,
      discount,
      discountRefusal: discount.kind === 'form' ? undefined : input.codeForm?.error,
      notice:
        input.done === 'discount' && discount.kind === 'applied'
          ? request.i18n.t('order.discountApplied', {
              code: discount.code ?? discount.campaign,
              total: request.i18n.money(order.total_cents),
            })
          : undefined,
    }),
    input.status,
  );
}

async function discountView(
  db: Kysely<MerchantDatabase>,
  order: { id: number; state: string; promotion_id: number | null; net_cents: number },
  codeForm: { typed: string; error: string } | undefined,
): Promise<OrderDiscountView> {
  if (order.promotion_id !== null) {
    const [promotion, discountCents] = await Promise.all([
      findPromotionById(db, order.promotion_id),
      orderDiscountCents(db, order.id),
    ]);
    return { kind: 'applied', code: promotion?.code ?? null, campaign: promotion?.campaign ?? '', discountCents };
  }
  if (order.state !== 'awaiting_payment') return { kind: 'none' };
  if (await findOpenAttemptOfOrder(db, order.id)) return { kind: 'locked' };
  return { kind: 'form', ...(codeForm ?? {}) };
}
