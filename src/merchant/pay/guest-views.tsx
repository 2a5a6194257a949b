import type { Order, Subscription } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { serviceName } from '../catalog/service-name.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { CancelPaymentForm, GUEST_ORDER_PATH, GUEST_START_PATH, OrderNumberField, RenewalNote } from './pay-views.tsx';

/** "Paga subito un ordine": "Numero d'ordine", "Email", "Procedi" — paying without logging in. */
export function GuestStartPage(props: {
  page: PageContext;
  number: string;
  email: string;
  error: string | null;
  /** The previous guest payment was cancelled ("Annulla pagamento"): say that nothing was charged. */
  cancelled: boolean;
  areaUrl: string;
}): SafeHtml {
  const { t } = props.page.i18n;
  const describedBy = (hint: string) => (props.error ? `guest-error ${hint}` : hint);
  return (
    <Layout {...props.page} title={t('pay.guest.title')}>
      <h1>{t('pay.guest.title')}</h1>
      {props.cancelled && (
        <p class="notice" role="status">
          {t('pay.guest.cancelled')}
        </p>
      )}
      <form method="post" action={GUEST_START_PATH} class="panel narrow" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
        <p>{t('pay.guest.intro')}</p>
        {props.error && (
          <p class="alert" role="alert" id="guest-error">
            {props.error}
          </p>
        )}
        <OrderNumberField
          i18n={props.page.i18n}
          id="guest-order"
          value={props.number}
          describedBy={describedBy('guest-order-hint')}
          invalid={Boolean(props.error)}
        />
        <div class="field">
          <label for="guest-email">{t('pay.guest.email')}</label>
          <input
            type="email"
            id="guest-email"
            name="email"
            value={props.email}
            required
            autocomplete="email"
            spellcheck="false"
            aria-describedby={describedBy('guest-email-hint')}
            aria-invalid={props.error ? 'true' : undefined}
          />
          <p class="hint" id="guest-email-hint">
            {t('pay.guest.emailHint')}
          </p>
        </div>
        <button type="submit" class="button button-pay">
          {t('pay.proceed')}
        </button>
      </form>
      <p>
        <a href={props.areaUrl}>{t('pay.backToArea')}</a>
      </p>
    </Layout>
  );
}

/**
 * The guest's order summary and the charging button: a new card on the bank's page only (saved cards are never
 * offered without a login), no automatic renewal, and how to switch it on later from Area Clienti.
 */
export function GuestOrderPage(props: {
  page: PageContext;
  order: Order;
  subscription: Subscription;
  productName: string;
  requestKey: string;
  error: string | null;
  renewalInfoUrl: string;
  autoRenewAvailable: boolean;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  return (
    <Layout {...props.page} title={t('pay.guest.summary')}>
      <h1>{t('pay.guest.summary')}</h1>
      <form method="post" action={GUEST_ORDER_PATH} class="panel">
        <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
        <input type="hidden" name="request_key" value={props.requestKey} />
        {props.error && (
          <p class="alert" role="alert">
            {props.error}
          </p>
        )}
        <dl class="details guest-summary">
          <dt>{t('pay.result.order')}</dt>
          <dd>{props.order.number}</dd>
          <dt>{t('pay.result.service')}</dt>
          <dd>{serviceName(props.productName, props.subscription.label, ' — ')}</dd>
          <dt>{t('pay.orders.total')}</dt>
          <dd>{i18n.money(props.order.total_cents)}</dd>
        </dl>
        <p>{t('pay.guest.newCard')}</p>
        {props.autoRenewAvailable ? (
          <>
            <p class="notice">{t('pay.guest.noAutoRenew')}</p>
            <p>
              <a href={props.renewalInfoUrl}>{t('pay.guest.renewalInfo')}</a>
            </p>
          </>
        ) : (
          <RenewalNote page={props.page} url={props.renewalInfoUrl} />
        )}
        <button type="submit" class="button button-pay button-charge">
          {t('pay.card.submit', { amount: i18n.money(props.order.total_cents) })}
        </button>
      </form>
      <CancelPaymentForm page={props.page} guest />
    </Layout>
  );
}
