import { createPaymentLink, DEFAULT_LINK_SECONDS } from '../../orders/payment-link.ts';
import { defineAction } from '../actions/action-definition.ts';
import { orderPath } from '../lists/list-links.tsx';
import { type OrderTarget, orderOfPath } from './order-of-path.ts';

/**
 * "Invia link di pagamento" (support): the customer is emailed a link to pay this order (orders/payment-link.ts, the
 * API's own), for a customer on the phone who cannot find the order. The link still needs the customer's login.
 */
export const sendPaymentLink = defineAction<OrderTarget>({
  path: '/ordini/:number/link-pagamento',
  action: 'send_payment_link',
  load: (deps, params) => orderOfPath(deps.db, params.number),
  unavailable: ({ order }, { t }) => (order.state === 'awaiting_payment' ? null : t('bo.link.notAwaiting')),
  title: ({ order }, { t }) => t('bo.link.title', { number: order.number }),
  consequences: ({ customer }, { t }) => [
    t('bo.link.email', { email: customer.email, days: DEFAULT_LINK_SECONDS / 86_400 }),
    t('bo.link.login'),
    t('bo.link.nothingElse'),
  ],
  submitLabel: ({ t }) => t('bo.link.submit'),
  returnTo: ({ order }) => orderPath(order.number),
  async perform({ deps, target, request }) {
    const result = await createPaymentLink(
      { db: deps.db, clock: deps.clock, areaUrl: deps.config.publicUrls.area },
      { orderId: target.order.id, email: true },
    );
    if (!result.ok) return { ok: false, status: 409, message: request.i18n.t('bo.link.notAwaiting') };
    return {
      ok: true,
      audit: {
        objectType: 'order',
        objectId: target.order.number,
        customerId: target.customer.id,
        orderId: target.order.id,
        before: null,
        after: { emailedTo: target.customer.email, expiresAt: result.expiresAt.toISOString() },
      },
    };
  },
});
