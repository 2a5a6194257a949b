import type { Order, Subscription } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { CustomerOrderAction, OrderActionRefusal } from '../orders/order-states.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { I18n, MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

/** What the customer reads when an order cannot be cancelled or reactivated now. */
const REFUSALS = {
  cancel: {
    paid: 'orderAction.refused.paid',
    wrong_state: 'orderAction.refused.cancel.wrongState',
    payment_in_progress: 'orderAction.refused.paymentInProgress',
    not_a_renewal: 'orderAction.refused.notRenewal',
    service_ended: 'orderAction.refused.serviceEnded',
    other_order_awaiting: 'orderAction.refused.otherOrder',
  },
  reactivate: {
    paid: 'orderAction.refused.paid',
    wrong_state: 'orderAction.refused.reactivate.wrongState',
    payment_in_progress: 'orderAction.refused.paymentInProgress',
    not_a_renewal: 'orderAction.refused.notRenewal',
    service_ended: 'orderAction.refused.serviceEnded',
    other_order_awaiting: 'orderAction.refused.otherOrder',
  },
} as const satisfies Record<CustomerOrderAction, Record<OrderActionRefusal, MessageKey>>;

export function refusalText(
  i18n: I18n,
  action: CustomerOrderAction,
  reason: OrderActionRefusal,
  order: Pick<Order, 'number'>,
  subscription: Pick<Subscription, 'label' | 'expires_on'>,
): string {
  return i18n.t(REFUSALS[action][reason], {
    number: order.number,
    label: subscription.label,
    date: subscription.expires_on ? i18n.date(subscription.expires_on) : '',
  });
}

/** What cancelling does to the service, said before the customer confirms. */
function consequence(i18n: I18n, order: Order, subscription: Subscription): string {
  const params = {
    number: order.number,
    label: subscription.label,
    date: subscription.expires_on ? i18n.date(subscription.expires_on) : '',
  };
  if (order.kind === 'renewal' && subscription.status === 'active' && subscription.expires_on) {
    return i18n.t('orderAction.cancel.renewal', params);
  }
  if (order.kind === 'renewal') return i18n.t('orderAction.cancel.renewalEnded', params);
  if (subscription.status === 'pending') return i18n.t('orderAction.cancel.purchasePending', params);
  return i18n.t('orderAction.cancel.purchase', params);
}

/** "Annulla" leads here: the consequence, "Conferma annullamento", and a way back. */
export function CancelOrderConfirmPage(props: {
  page: PageContext;
  order: Order;
  subscription: Subscription;
}): SafeHtml {
  const { i18n, csrfToken } = props.page;
  const { t } = i18n;
  const { order, subscription } = props;
  const title = t('orderAction.cancel.title', { number: order.number });
  return (
    <Layout {...props.page} title={title}>
      <section class="panel narrow" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{title}</h1>
        <dl class="details">
          <dt>{t('order.service')}</dt>
          <dd>{subscription.label}</dd>
          <dt>{t('orders.kind')}</dt>
          <dd>{t(`order.kind.${order.kind}`)}</dd>
          <dt>{t('order.totalDue')}</dt>
          <dd class="amount">{i18n.money(order.total_cents)}</dd>
        </dl>
        <p class="notice notice-warn">{consequence(i18n, order, subscription)}</p>
        <form method="post" action={`/orders/${order.number}/cancel`}>
          <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />
          <div class="actions">
            <button type="submit" class="button">
              {t('orderAction.cancel.submit')}
            </button>
            <a class="button button-secondary" href={`/services/${subscription.id}`}>
              {t('orderAction.cancel.back')}
            </a>
          </div>
        </form>
      </section>
    </Layout>
  );
}

/** An order that cannot be cancelled or reactivated now: why, and the way back. Sent with a 409. */
export function OrderActionRefusedPage(props: {
  page: PageContext;
  action: CustomerOrderAction;
  reason: OrderActionRefusal;
  order: Order;
  subscription: Subscription;
}): SafeHtml {
  const { t } = props.page.i18n;
  const title = t(
    props.action === 'cancel' ? 'orderAction.cancel.refusedTitle' : 'orderAction.reactivate.refusedTitle',
    {
      number: props.order.number,
    },
  );
  return (
    <Layout {...props.page} title={title}>
      <section class="panel narrow" aria-labelledby="refused-title">
        <h1 id="refused-title">{title}</h1>
        <p class="alert" role="alert">
          {refusalText(props.page.i18n, props.action, props.reason, props.order, props.subscription)}
        </p>
        <p>
          <a href={`/orders/${props.order.number}`}>{t('orderAction.toOrder')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** "Riattiva": one button, no confirmation needed (it only makes the order payable again). */
export function ReactivateButton(props: {
  page: PageContext;
  order: Pick<Order, 'number'>;
  describedBy?: string;
}): SafeHtml {
  return (
    <form method="post" action={`/orders/${props.order.number}/reactivate`} class="inline-form">
      <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
      <button type="submit" class="button button-secondary" aria-describedby={props.describedBy}>
        {props.page.i18n.t('orders.reactivate')}
      </button>
    </form>
  );
}

/** "Annulla": a link to the confirmation page, never a one-click cancel. */
export function CancelLink(props: { page: PageContext; order: Pick<Order, 'number'>; describedBy?: string }): SafeHtml {
  return (
    <a
      class="button button-secondary"
      href={`/orders/${props.order.number}/cancel`}
      aria-describedby={props.describedBy}
    >
      {props.page.i18n.t('orders.cancel')}
    </a>
  );
}
