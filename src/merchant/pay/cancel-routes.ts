import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOpenAttemptsOfSession } from '../payments/attempt-repository.ts';
import { cancelPayment } from '../payments/cancel-attempt.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { findOrderWithService } from '../payments/payment-read-model.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { CANCEL_PATH, GUEST_START_PATH, MessagePage } from './pay-views.tsx';
import { PAY_LOGOUT_ACTION } from './sign-out-routes.ts';

/** Where "Annulla pagamento" leads: Area Clienti for a signed-in customer, the guest start for a guest. */
export function wayOutOf(request: FastifyRequest, areaUrl: string): string {
  return request.customer ? areaUrl : `${GUEST_START_PATH}?annullato=1`;
}

/**
 * "Annulla pagamento" on the Pagamenti pages of the flow (method, orders, card choice, the guest's summary): every
 * open payment this session started — a tab that came back from the bank with the browser's back button, say — is
 * cancelled at the bank first, then the customer lands in Area Clienti (a guest on "Paga subito un ordine"). Nothing
 * is charged; if the bank had authorized one just before, the customer sees that payment's page instead.
 */
export function cancelRoutes(deps: { payments: PaymentDeps; areaUrl: string }) {
  async function cancelOpenPayments(request: FastifyRequest, reply: FastifyReply) {
    const session = request.session;
    const guestOrderId = request.customer ? null : (session?.guestOrderId ?? null);
    const mine = session
      ? (await listOpenAttemptsOfSession(deps.payments.db, session.idHash)).filter((attempt) =>
          request.customer ? attempt.customer_id === request.customer.id : attempt.order_id === guestOrderId,
        )
      : [];
    for (const attempt of mine) {
      const outcome = await cancelPayment(deps.payments, attempt);
      if (outcome.kind === 'paid') return reply.redirect(`/payments/${outcome.attempt.public_id}`, 303);
      if (outcome.kind === 'still_open') {
        const { t } = request.i18n;
        const number = (await findOrderWithService(deps.payments.db, Number(attempt.order_id)))?.order.number ?? '';
        return sendPage(
          reply,
          MessagePage({
            page: pageContext(request, 'app.pay', PAY_LOGOUT_ACTION),
            title: 'pay.cancel.stillOpen.title',
            body: t('pay.cancel.stillOpen.body', { number }),
            areaUrl: deps.areaUrl,
          }),
          503,
        );
      }
    }
    return reply.redirect(wayOutOf(request, deps.areaUrl), 303);
  }

  return async (app: FastifyInstance) => {
    app.post(CANCEL_PATH, cancelOpenPayments);
  };
}
