import type { Order, OrderLine, Subscription } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { OrderStateBadge } from './badges.tsx';
import { DiscountCodeForm, type OrderDiscountView } from './discounts-views.tsx';
import { CancelLink, ReactivateButton } from './order-action-views.tsx';

export function OrderPage(props: {
  page: PageContext;
  order: Order;
  lines: OrderLine[];
  subscription: Subscription;
  payUrl: string;
  /** An automatic renewal charge of this order is at the bank right now. */
  chargeInFlight: boolean;
  /** "Annulla" and "Riattiva", as orders/order-states.ts allows them now. */
  canCancel: boolean;
  canReactivate: boolean;
  /** Discounts on this order: the code applied, the "Codice sconto" form, or neither (issue 10). */
  discount?: OrderDiscountView;
  /** A confirmation to show at the top (e.g. after "Applica"). */
  notice?: string | undefined;
  /** Why a code was just refused, when the form itself is gone (a code applied already, a payment started). */
  discountRefusal?: string | undefined;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const { order } = props;
  const discount: OrderDiscountView = props.discount ?? { kind: 'none' };
  const discounted = props.lines.some((line) => line.discount_cents > 0);
  return (
    <Layout {...props.page} title={t('order.title', { number: order.number })}>
      <a class="back-link" href={`/services/${props.subscription.id}`}>
        {t('order.back')}
      </a>
      <h1>{t('order.title', { number: order.number })}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <section class="panel" aria-label={t('order.title', { number: order.number })}>
        <dl class="details">
          <dt>{t('order.service')}</dt>
          <dd>{props.subscription.label}</dd>
          <dt>{t('orders.kind')}</dt>
          <dd>{t(`order.kind.${order.kind}`)}</dd>
          <dt>{t('order.createdAt')}</dt>
          <dd>{i18n.dateOf(order.created_at)}</dd>
          <dt>{t('orders.state')}</dt>
          <dd>
            <OrderStateBadge i18n={i18n} state={order.state} />
          </dd>
          {order.paid_at && (
            <>
              <dt>{t('order.paidAt')}</dt>
              <dd>{i18n.dateOf(order.paid_at)}</dd>
            </>
          )}
          {order.cancelled_at && (
            <>
              <dt>{t('order.cancelledAt')}</dt>
              <dd>{i18n.dateOf(order.cancelled_at)}</dd>
            </>
          )}
        </dl>
      </section>

      <div class="table-wrap">
        <table class="responsive">
          <caption>{t('order.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('order.description')}</th>
              <th scope="col" class="num">
                {t('order.quantity')}
              </th>
              <th scope="col" class="num">
                {t('order.unitPrice')}
              </th>
              {discounted && (
                <th scope="col" class="num">
                  {t('order.discount')}
                </th>
              )}
              <th scope="col" class="num">
                {t('order.net')}
              </th>
              <th scope="col" class="num">
                {t('order.vat')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line) => (
              <tr>
                <td data-label={t('order.description')}>{line.description}</td>
                <td data-label={t('order.quantity')} class="num">
                  {line.quantity}
                </td>
                <td data-label={t('order.unitPrice')} class="num">
                  {i18n.money(line.unit_price_cents)}
                </td>
                {discounted && (
                  <td data-label={t('order.discount')} class="num">
                    {line.discount_cents > 0 ? `−${i18n.money(line.discount_cents)}` : '—'}
                  </td>
                )}
                <td data-label={t('order.net')} class="num">
                  {i18n.money(line.net_cents)}
                </td>
                <td data-label={t('order.vat')} class="num">
                  {i18n.money(line.vat_cents)} ({line.vat_rate_bp / 100}%)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section class="panel" aria-labelledby="totals-title">
        <h2 id="totals-title" class="visually-hidden">
          {t('order.totalDue')}
        </h2>
        <dl class="details">
          {discount.kind === 'applied' && (
            <>
              <dt>
                {discount.code
                  ? t('order.discountTotal', { code: discount.code, campaign: discount.campaign })
                  : t('order.discountCampaign', { campaign: discount.campaign })}
              </dt>
              <dd>−{i18n.money(discount.discountCents)}</dd>
            </>
          )}
          <dt>{t('order.net')}</dt>
          <dd>{i18n.money(order.net_cents)}</dd>
          <dt>{t('order.vat')}</dt>
          <dd>{i18n.money(order.vat_cents)}</dd>
          <dt>{t('order.totalDue')}</dt>
          <dd>
            <strong>{i18n.money(order.total_cents)}</strong>
          </dd>
        </dl>
        {order.state === 'awaiting_payment' && props.chargeInFlight && (
          <p role="status">
            <strong>{t('orders.chargeInFlight')}</strong> — {t('order.chargeInFlightHint')}
          </p>
        )}
        {props.discountRefusal && discount.kind !== 'form' && (
          <p class="alert" role="alert">
            {props.discountRefusal}
          </p>
        )}
        {order.state === 'awaiting_payment' && discount.kind === 'form' && (
          <DiscountCodeForm
            i18n={i18n}
            csrfToken={props.page.csrfToken}
            orderNumber={order.number}
            typed={discount.typed}
            error={discount.error}
          />
        )}
        {order.state === 'awaiting_payment' && discount.kind === 'locked' && !props.chargeInFlight && (
          <p class="hint">{t('order.discountLocked')}</p>
        )}
        {order.state === 'awaiting_payment' && !props.chargeInFlight && (
          <>
            <p class="hint">{t('order.payHint')}</p>
            <div class="actions">
              <a class="button button-pay" href={props.payUrl}>
                {t('orders.pay')}
              </a>
              {props.canCancel && <CancelLink page={props.page} order={order} />}
            </div>
          </>
        )}
        {props.canReactivate && (
          <>
            <p class="hint">{t('orderAction.reactivate.hint')}</p>
            <ReactivateButton page={props.page} order={order} />
          </>
        )}
      </section>
    </Layout>
  );
}
