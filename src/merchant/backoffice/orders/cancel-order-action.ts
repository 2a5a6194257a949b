import { refusalText } from '../../area/order-action-views.tsx';
import { orderActionFacts } from '../../orders/order-action-facts.ts';
import { checkCustomerOrderAction, type OrderActionRefusal } from '../../orders/order-states.ts';
import { cancelAwaitingOrder } from '../../renewals/cancel-order.ts';
import { defineAction } from '../actions/action-definition.ts';
import { orderPath } from '../lists/list-links.tsx';
import { type OrderTarget, orderOfPath } from './order-of-path.ts';

type Target = OrderTarget & { refusal: OrderActionRefusal | null };

/**
 * "Annulla ordine" (support): an order awaiting payment is cancelled under the very rules of the customer's own
 * "Annulla" (orders/order-states.ts, renewals/cancel-order.ts), so an order being paid right now cannot be.
 */
export const cancelOrder = defineAction<Target>({
  path: '/ordini/:number/annulla',
  action: 'cancel_order',
  async load(deps, params) {
    const target = await orderOfPath(deps.db, params.number);
    if (!target) return null;
    const facts = await orderActionFacts(deps.db, target.order, target.service, {
      clock: deps.clock,
      timeZone: deps.config.businessTimeZone,
    });
    const check = checkCustomerOrderAction('cancel', facts);
    return { ...target, refusal: check.ok ? null : check.reason };
  },
  unavailable: (target, i18n) =>
    target.refusal ? refusalText(i18n, 'cancel', target.refusal, target.order, target.service) : null,
  title: ({ order }, { t }) => t('bo.cancel.title', { number: order.number }),
  consequences: ({ order, service }, i18n) => [
    i18n.t(order.kind === 'renewal' ? 'bo.cancel.renewal' : 'bo.cancel.purchase', {
      label: service.label,
      date: service.expires_on ? i18n.date(service.expires_on) : '—',
    }),
    i18n.t('bo.cancel.noPayment'),
    i18n.t('bo.cancel.noEmail'),
  ],
  submitLabel: ({ t }) => t('bo.cancel.submit'),
  returnTo: ({ order }) => orderPath(order.number),
  async perform({ deps, target, request }) {
    const result = await cancelAwaitingOrder(
      { db: deps.db, clock: deps.clock, timeZone: deps.config.businessTimeZone },
      { customerId: target.customer.id, orderNumber: target.order.number, cancelledBy: 'operator' },
    );
    if (!result.ok) {
      const reason = result.reason === 'unknown_order' ? 'wrong_state' : result.reason;
      return {
        ok: false,
        status: 409,
        message: refusalText(request.i18n, 'cancel', reason, target.order, target.service),
      };
    }
    return {
      ok: true,
      audit: {
        objectType: 'order',
        objectId: target.order.number,
        customerId: target.customer.id,
        orderId: target.order.id,
        before: { state: target.order.state },
        after: { state: 'cancelled' },
      },
    };
  },
});
