import type { Order } from '../../db/schema.ts';
import { daysBetween } from '../../shared/clock.ts';
import { NOTHING, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { productName } from '../catalog/product-names.ts';
import type { AwaitingOrder } from '../payments/payment-read-model.ts';
import type { SubscriptionWithProduct } from '../subscriptions/subscription-repository.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { AutoRenewPanel, type AutoRenewView, type BannerItem, RenewalBanner } from './auto-renew-views.tsx';
import { OrderStateBadge, SubscriptionStatusBadge } from './badges.tsx';
import { BILLING_PATH } from './billing-views.tsx';
import { CancelLink, ReactivateButton } from './order-action-views.tsx';

/** The outcome a redirect after a change reports on the service page (`?done=`). */
export const SERVICE_NOTICES = {
  off: 'autoRenew.done.off',
  on: 'autoRenew.done.on',
  card: 'autoRenew.done.card',
  cancelled: 'autoRenew.done.cancelled',
  reactivated: 'orderAction.done.reactivated',
} as const satisfies Record<string, MessageKey>;
export type ServiceNotice = keyof typeof SERVICE_NOTICES;

/** Services expiring within this many days are highlighted on the home page. */
export const EXPIRING_SOON_DAYS = 30;

export function ServicesPage(props: {
  page: PageContext;
  services: SubscriptionWithProduct[];
  /** The customer's orders awaiting payment, oldest first: the "Da pagare" box. */
  awaiting: AwaitingOrder[];
  /** Orders an automatic renewal charge is at the bank for right now: "Pagamento in corso", not "Paga". */
  chargeInFlight: ReadonlySet<number>;
  banner: BannerItem[];
  payUrl: (orderNumber: string) => string;
  /** The business date today ('YYYY-MM-DD'). */
  today: string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const awaitingBySubscription = new Map<number, AwaitingOrder[]>();
  for (const order of props.awaiting) {
    awaitingBySubscription.set(order.subscriptionId, [
      ...(awaitingBySubscription.get(order.subscriptionId) ?? []),
      order,
    ]);
  }
  return (
    <Layout {...props.page} title={t('services.title')}>
      <h1>{t('services.title')}</h1>
      <RenewalBanner page={props.page} items={props.banner} payUrl={props.payUrl} />
      <p class="lead">{t('services.greeting', { name: props.page.customer?.name ?? '' })}</p>
      <DuePanel
        page={props.page}
        awaiting={props.awaiting}
        chargeInFlight={props.chargeInFlight}
        payUrl={props.payUrl}
      />
      <p>
        <a href="/cards">{t('nav.cards')}</a> · <a href={BILLING_PATH}>{t('nav.billing')}</a>
      </p>
      {props.services.length === 0 ? (
        <p class="panel">{t('services.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="visually-hidden">{t('services.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('services.product')}</th>
                <th scope="col">{t('services.label')}</th>
                <th scope="col">{t('services.status')}</th>
                <th scope="col">{t('services.expiry')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('services.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.services.map(({ subscription, product }) => {
                const awaiting = awaitingBySubscription.get(subscription.id) ?? [];
                const labelId = `service-${subscription.id}`;
                const daysLeft =
                  subscription.status === 'active' && subscription.expires_on
                    ? daysBetween(props.today, subscription.expires_on)
                    : undefined;
                const expiringSoon = daysLeft !== undefined && daysLeft >= 0 && daysLeft <= EXPIRING_SOON_DAYS;
                return (
                  <tr class={expiringSoon ? 'row-expiring' : undefined}>
                    <td data-label={t('services.product')}>{productName(product, i18n.locale)}</td>
                    <td data-label={t('services.label')} id={labelId}>
                      {subscription.label}
                    </td>
                    <td data-label={t('services.status')}>
                      <SubscriptionStatusBadge i18n={i18n} status={subscription.status} />
                      {awaiting.length > 0 && (
                        <>
                          {' '}
                          <a
                            class="badge badge-wait badge-link"
                            href={
                              awaiting.length === 1
                                ? `/orders/${awaiting[0]?.number}`
                                : `/services/${subscription.id}#orders-title`
                            }
                          >
                            {awaiting.length === 1
                              ? t('services.awaiting.one')
                              : t('services.awaiting.other', { count: awaiting.length })}
                          </a>
                        </>
                      )}
                    </td>
                    <td data-label={t('services.expiry')}>
                      {subscription.expires_on ? i18n.date(subscription.expires_on) : t('services.noDate')}
                      {expiringSoon && (
                        <>
                          {' '}
                          <strong class="badge badge-warn">
                            {daysLeft === 0
                              ? t('services.expiringToday')
                              : daysLeft === 1
                                ? t('services.expiringIn.one')
                                : t('services.expiringIn.other', { count: daysLeft })}
                          </strong>
                        </>
                      )}
                    </td>
                    <td>
                      <a class="button" href={`/services/${subscription.id}`} aria-describedby={labelId}>
                        {t('services.manage')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** "Da pagare": the total due and a "Paga" per order awaiting payment (the same hand-off as on the service page). */
function DuePanel(props: {
  page: PageContext;
  awaiting: AwaitingOrder[];
  chargeInFlight: ReadonlySet<number>;
  payUrl: (orderNumber: string) => string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  if (props.awaiting.length === 0) return NOTHING;
  const total = props.awaiting.reduce((sum, order) => sum + order.totalCents, 0);
  return (
    <section class="panel panel-due" aria-labelledby="due-title">
      <h2 id="due-title">{t('due.title')}</h2>
      <p class="due-total">
        {t('due.total')} <strong class="amount">{i18n.money(total)}</strong>
      </p>
      <ul class="due-list">
        {props.awaiting.map((order) => {
          const id = `due-${order.number}`;
          return (
            <li class="due-item">
              <span id={id} class="due-what">
                <a href={`/orders/${order.number}`}>{order.number}</a> · {t(`order.kind.${order.kind}`)} ·{' '}
                <span class="due-label">{order.label}</span>
              </span>
              <span class="due-actions">
                <span class="amount">{i18n.money(order.totalCents)}</span>{' '}
                {props.chargeInFlight.has(order.id) ? (
                  <span class="badge" role="status">
                    {t('orders.chargeInFlight')}
                  </span>
                ) : (
                  <a class="button button-pay" href={props.payUrl(order.number)} aria-describedby={id}>
                    {t('orders.pay')}
                  </a>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ServicePage(props: {
  page: PageContext;
  service: SubscriptionWithProduct;
  orders: Order[];
  /** Orders an automatic renewal charge is at the bank for right now: "Pagamento in corso", not "Paga". */
  chargeInFlight: ReadonlySet<number>;
  /** Cancelled renewal orders "Riattiva" may reopen (orders/order-states.ts). */
  reactivatable: ReadonlySet<number>;
  payUrl: (orderNumber: string) => string;
  autoRenew: AutoRenewView;
  banner: BannerItem[];
  done?: ServiceNotice | undefined;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const { subscription, product } = props.service;
  const years = subscription.renewal_period_years;
  return (
    <Layout {...props.page} title={subscription.label}>
      <a class="back-link" href="/">
        {t('service.back')}
      </a>
      <h1>{subscription.label}</h1>
      <p class="lead">{productName(product, i18n.locale)}</p>
      {props.done && (
        <p class="notice" role="status">
          {t(SERVICE_NOTICES[props.done])}
        </p>
      )}
      <RenewalBanner page={props.page} items={props.banner} payUrl={props.payUrl} />

      <section class="panel" aria-labelledby="details-title">
        <h2 id="details-title">{t('service.details')}</h2>
        <dl class="details">
          <dt>{t('services.status')}</dt>
          <dd>
            <SubscriptionStatusBadge i18n={i18n} status={subscription.status} />
          </dd>
          {subscription.activated_on && (
            <>
              <dt>{t('service.activatedOn')}</dt>
              <dd>{i18n.date(subscription.activated_on)}</dd>
            </>
          )}
          <dt>{t('services.expiry')}</dt>
          <dd>{subscription.expires_on ? i18n.date(subscription.expires_on) : t('services.noDate')}</dd>
          <dt>{t('service.renewalPeriod')}</dt>
          <dd>{years === 1 ? t('service.years.one') : t('service.years.other', { count: years })}</dd>
          <dt>{t('service.yearlyPrice')}</dt>
          <dd>
            {i18n.money(product.yearly_price_cents)} {t('service.plusVat', { rate: product.vat_rate_bp / 100 })}
          </dd>
        </dl>
      </section>

      <section class="panel" aria-labelledby="auto-renew-title">
        <h2 id="auto-renew-title">{t('service.autoRenew')}</h2>
        <AutoRenewPanel page={props.page} subscription={subscription} view={props.autoRenew} />
      </section>

      <section aria-labelledby="orders-title">
        <h2 id="orders-title">{t('orders.title')}</h2>
        {props.orders.length === 0 ? (
          <p class="panel">{t('orders.none')}</p>
        ) : (
          <OrdersTable
            page={props.page}
            orders={props.orders}
            chargeInFlight={props.chargeInFlight}
            reactivatable={props.reactivatable}
            label={subscription.label}
            payUrl={props.payUrl}
          />
        )}
      </section>
    </Layout>
  );
}

function OrdersTable(props: {
  page: PageContext;
  orders: Order[];
  chargeInFlight: ReadonlySet<number>;
  reactivatable: ReadonlySet<number>;
  label: string;
  payUrl: (orderNumber: string) => string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table class="responsive">
        <caption class="visually-hidden">{t('orders.caption', { label: props.label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orders.number')}</th>
            <th scope="col">{t('orders.date')}</th>
            <th scope="col">{t('orders.kind')}</th>
            <th scope="col" class="num">
              {t('orders.total')}
            </th>
            <th scope="col">{t('orders.state')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('orders.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((order) => {
            const numberId = `order-${order.number}`;
            return (
              <tr>
                <td data-label={t('orders.number')} id={numberId}>
                  <a href={`/orders/${order.number}`}>{order.number}</a>
                </td>
                <td data-label={t('orders.date')}>{i18n.dateOf(order.created_at)}</td>
                <td data-label={t('orders.kind')}>{t(`order.kind.${order.kind}`)}</td>
                <td data-label={t('orders.total')} class="num">
                  {i18n.money(order.total_cents)}
                </td>
                <td data-label={t('orders.state')}>
                  <OrderStateBadge i18n={i18n} state={order.state} />
                </td>
                <td>
                  {order.state === 'awaiting_payment' && props.chargeInFlight.has(order.id) && (
                    <span class="badge" role="status">
                      {t('orders.chargeInFlight')}
                    </span>
                  )}
                  {order.state === 'awaiting_payment' && !props.chargeInFlight.has(order.id) && (
                    <>
                      <a class="button button-pay" href={props.payUrl(order.number)} aria-describedby={numberId}>
                        {t('orders.pay')}
                      </a>{' '}
                      <CancelLink page={props.page} order={order} describedBy={numberId} />
                    </>
                  )}
                  {props.reactivatable.has(order.id) && (
                    <ReactivateButton page={props.page} order={order} describedBy={numberId} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
