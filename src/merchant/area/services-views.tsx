import type { Order } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { productName } from '../catalog/product-names.ts';
import type { SubscriptionWithProduct } from '../subscriptions/subscription-repository.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { AutoRenewPanel, type AutoRenewView, type BannerItem, RenewalBanner } from './auto-renew-views.tsx';
import { OrderStateBadge, SubscriptionStatusBadge } from './badges.tsx';

/** The outcome a redirect after a change reports on the service page (`?done=`). */
export const SERVICE_NOTICES = {
  off: 'autoRenew.done.off',
  on: 'autoRenew.done.on',
  card: 'autoRenew.done.card',
  cancelled: 'autoRenew.done.cancelled',
} as const satisfies Record<string, MessageKey>;
export type ServiceNotice = keyof typeof SERVICE_NOTICES;

export function ServicesPage(props: {
  page: PageContext;
  services: SubscriptionWithProduct[];
  awaitingBySubscription: Map<number, number>;
  banner: BannerItem[];
  payUrl: (orderNumber: string) => string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  return (
    <Layout {...props.page} title={t('services.title')}>
      <h1>{t('services.title')}</h1>
      <RenewalBanner page={props.page} items={props.banner} payUrl={props.payUrl} />
      <p class="lead">{t('services.greeting', { name: props.page.customer?.name ?? '' })}</p>
      <p>
        <a href="/cards">{t('nav.cards')}</a>
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
                const awaiting = props.awaitingBySubscription.get(subscription.id) ?? 0;
                const labelId = `service-${subscription.id}`;
                return (
                  <tr>
                    <td data-label={t('services.product')}>{productName(product, i18n.locale)}</td>
                    <td data-label={t('services.label')} id={labelId}>
                      {subscription.label}
                    </td>
                    <td data-label={t('services.status')}>
                      <SubscriptionStatusBadge i18n={i18n} status={subscription.status} />
                      {awaiting > 0 && (
                        <>
                          {' '}
                          <span class="badge badge-wait">
                            {awaiting === 1
                              ? t('services.awaiting.one')
                              : t('services.awaiting.other', { count: awaiting })}
                          </span>
                        </>
                      )}
                    </td>
                    <td data-label={t('services.expiry')}>
                      {subscription.expires_on ? i18n.date(subscription.expires_on) : t('services.noDate')}
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

export function ServicePage(props: {
  page: PageContext;
  service: SubscriptionWithProduct;
  orders: Order[];
  /** Orders an automatic renewal charge is at the bank for right now: "Pagamento in corso", not "Paga". */
  chargeInFlight: ReadonlySet<number>;
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
                      <form method="post" action={`/orders/${order.number}/cancel`} class="inline-form">
                        <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
                        <button type="submit" class="button button-secondary" aria-describedby={numberId}>
                          {t('orders.cancel')}
                        </button>
                      </form>
                    </>
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
