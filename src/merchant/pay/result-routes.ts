import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PaymentAttempt } from '../../db/schema.ts';
import { productName } from '../catalog/product-names.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptByPublicId, hasLaterAttempt } from '../payments/attempt-repository.ts';
import { isOpenAttempt } from '../payments/attempt-states.ts';
import { type CompletionSource, completeAttempt } from '../payments/complete-attempt.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { findAttemptView, findAttemptViewOfOrder } from '../payments/payment-read-model.ts';
import { ATTEMPT_PUBLIC_ID } from '../payments/public-ids.ts';
import { AppError } from '../web/errors.ts';
import { feedbackThanked } from '../web/feedback-routes.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { GUEST_ORDER_PATH, GUEST_START_PATH, MessagePage } from './pay-views.tsx';
import { ResultPage } from './result-views.tsx';
import { PAY_LOGOUT_ACTION } from './sign-out-routes.ts';

const PUBLIC_ID = ATTEMPT_PUBLIC_ID;

/** Completes an attempt if the bank can be asked now; a bank that does not answer leaves it for the next look. */
async function tryComplete(
  deps: PaymentDeps,
  request: FastifyRequest,
  attempt: number | PaymentAttempt,
  source: CompletionSource,
): Promise<PaymentAttempt | undefined> {
  try {
    return await completeAttempt(deps, attempt, source);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    request.log.warn({ err: error }, 'bank not reachable while completing a payment: the page will look again');
    return undefined;
  }
}

/** "torna al negozio" and the result page. */
export function resultRoutes(deps: { payments: PaymentDeps; areaUrl: string }) {
  return async (app: FastifyInstance) => {
    // The bank's return_url. Its query (session id, status, signature) is not trusted: completion asks the bank. The
    // payment is completed whether or not this browser still has its Pagamenti session.
    app.get('/return/:publicId', async (request, reply) => {
      const { publicId } = request.params as { publicId: string };
      const attempt = PUBLIC_ID.test(publicId) ? await findAttemptByPublicId(deps.payments.db, publicId) : undefined;
      if (attempt?.purpose !== 'order_payment') throw new AppError('not_found', 'return for an unknown attempt');
      const settled = (await tryComplete(deps.payments, request, attempt, 'return')) ?? attempt;
      // The customer cancelled at the bank ("Annulla pagamento" on its pages): nothing was charged, and they land
      // where Pagamenti's own "Annulla pagamento" leads. A superseded attempt (a later one exists) shows its page.
      if (settled.status === 'cancelled' && !(await hasLaterAttempt(deps.payments.db, settled))) {
        return reply.redirect(settled.payer === 'guest' ? `${GUEST_START_PATH}?annullato=1` : deps.areaUrl, 303);
      }
      return reply.redirect(`/payments/${attempt.public_id}`, 303);
    });

    app.get('/payments/:publicId', async (request, reply) => {
      const guestOrderId = request.customer ? null : (request.session?.guestOrderId ?? null);
      if (!request.customer && guestOrderId === null) {
        return sendPage(
          reply,
          MessagePage({
            page: pageContext(request, 'app.pay'),
            title: 'pay.signin.title',
            body: request.i18n.t('pay.signin.body'),
            areaUrl: deps.areaUrl,
            guestLink: true,
          }),
          401,
        );
      }
      const { publicId } = request.params as { publicId: string };
      if (!PUBLIC_ID.test(publicId)) throw new AppError('not_found', 'malformed attempt id');
      // A signed-in customer sees their own attempts; a guest session only those of its one order.
      const { customer } = request;
      const find = () =>
        customer
          ? findAttemptView(deps.payments.db, customer.id, publicId)
          : findAttemptViewOfOrder(deps.payments.db, guestOrderId as number, publicId);
      let view = await find();
      if (view?.attempt.purpose !== 'order_payment')
        throw new AppError('not_found', 'attempt of another customer or unknown');
      if (isOpenAttempt(view.attempt.status)) {
        await tryComplete(deps.payments, request, view.attempt.id, 'result_page');
        view = (await find()) ?? view;
      }
      return sendPage(
        reply,
        ResultPage({
          page: pageContext(request, 'app.pay', PAY_LOGOUT_ACTION),
          view,
          productName: productName(view.product, request.i18n.locale),
          areaUrl: deps.areaUrl,
          renewalLeadDays: deps.payments.renewalLeadDays,
          retryHref: customer ? `/orders/${view.order.number}/card` : GUEST_ORDER_PATH,
          // Only the browser that started the attempt can carry on at the bank (its page is bound to that browser).
          canContinue:
            request.session?.idHash !== undefined && request.session.idHash === view.attempt.started_in_session,
          feedbackThanked: feedbackThanked(request),
        }),
      );
    });
  };
}
