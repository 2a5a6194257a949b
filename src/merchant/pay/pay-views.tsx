import type { Order, Product, SavedCard, Subscription } from '../../db/schema.ts';
import { CardBrandMark } from '../../shared/html/card-brand-mark.tsx';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { cardExpiry, cardLabel } from '../cards/card-display.ts';
import { serviceName } from '../catalog/service-name.ts';
import type { AwaitingOrder } from '../payments/payment-read-model.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { PaySteps } from './pay-steps.tsx';

/**
 * A page with a title, a message and a link back to Area Clienti (sign-in needed, hand-off refused…). `guestLink`:
 * the visitor is not signed in, so "Paga subito un ordine" is offered too.
 */
export function MessagePage(props: {
  page: PageContext;
  title: MessageKey;
  body: string;
  areaUrl: string;
  guestLink?: boolean;
}): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t(props.title)}>
      <section class="panel narrow" aria-labelledby="message-title">
        <h1 id="message-title">{t(props.title)}</h1>
        <p>{props.body}</p>
        <p>
          <a class="button" href={props.areaUrl}>
            {t('pay.backToArea')}
          </a>
        </p>
        {props.guestLink && (
          <>
            <p>{t('pay.guest.linkHint')}</p>
            <p>
              <a class="button button-secondary" href={GUEST_START_PATH}>
                {t('pay.guest.link')}
              </a>
            </p>
          </>
        )}
      </section>
    </Layout>
  );
}

/** Where "Paga subito un ordine" starts (a guest payment: order number and the account's email). */
export const GUEST_START_PATH = '/paga-subito';

/** The guest's one order: its summary and the charging button. */
export const GUEST_ORDER_PATH = '/paga-subito/ordine';

/** Where "Annulla pagamento" posts: see cancel-routes.ts. */
export const CANCEL_PATH = '/annulla';

/**
 * The way out of the flow: "Annulla pagamento" (a POST form, no JavaScript needed). An open payment is cancelled at
 * the bank first; nothing is charged; the customer lands in Area Clienti (a guest on "Paga subito un ordine").
 */
export function CancelPaymentForm(props: { page: PageContext; guest?: boolean }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <form method="post" action={CANCEL_PATH} class="way-out">
      <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
      <button type="submit" class="button button-secondary" aria-describedby="cancel-hint">
        {t('pay.cancel.submit')}
      </button>{' '}
      <span class="hint way-out-hint" id="cancel-hint">
        {props.guest ? t('pay.cancel.hintGuest') : t('pay.cancel.hint')}
      </span>
    </form>
  );
}

/** After "Esci": signed out of Pagamenti and Area Clienti, with the way back in. */
export function SignedOutPage(props: { page: PageContext; loginUrl: string }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t('pay.signedOut.title')}>
      <section class="panel narrow" aria-labelledby="signed-out-title">
        <h1 id="signed-out-title">{t('pay.signedOut.title')}</h1>
        <p role="status">{t('pay.signedOut.body')}</p>
        <p>
          <a class="button" href={props.loginUrl}>
            {t('pay.signedOut.login')}
          </a>
        </p>
      </section>
    </Layout>
  );
}

/** Step 4 of the seed: "Carta di Credito" (the only method, shown selected) and "Paga Subito". */
export function MethodPage(props: { page: PageContext; orderNumber: string | null }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t('pay.method.title')}>
      <PaySteps page={props.page} current="method" />
      <h1>{t('pay.method.title')}</h1>
      <form method="get" action="/orders" class="panel">
        <fieldset>
          <legend>{t('pay.method.legend')}</legend>
          <div class="field">
            <input type="radio" id="method-card" name="method" value="card" checked />{' '}
            <label for="method-card">{t('pay.method.card')}</label>
            <p class="hint">{t('pay.method.cardHint')}</p>
          </div>
        </fieldset>
        {props.orderNumber && <input type="hidden" name="order" value={props.orderNumber} />}
        <button type="submit" class="button button-pay">
          {t('pay.method.submit')}
        </button>
      </form>
      <CancelPaymentForm page={props.page} />
    </Layout>
  );
}

/** Step 5: the customer's orders awaiting payment, the "Numero d'ordine" field and "Procedi". */
export function OrdersPanelPage(props: {
  page: PageContext;
  orders: AwaitingOrder[];
  productNames: Map<string, string>;
  value: string;
  error: string | null;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  return (
    <Layout {...props.page} title={t('pay.orders.title')}>
      <PaySteps page={props.page} current="order" />
      <h1>{t('pay.orders.title')}</h1>
      {props.orders.length === 0 ? (
        <p class="notice">{t('pay.orders.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption>{t('pay.orders.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pay.orders.number')}</th>
                <th scope="col">{t('pay.orders.service')}</th>
                <th scope="col">{t('pay.orders.date')}</th>
                <th scope="col" class="num">
                  {t('pay.orders.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.orders.map((order) => (
                <tr>
                  <td data-label={t('pay.orders.number')}>{order.number}</td>
                  <td data-label={t('pay.orders.service')}>
                    {serviceName(props.productNames.get(order.productCode) ?? order.productCode, order.label, ' — ')}
                  </td>
                  <td data-label={t('pay.orders.date')}>{i18n.dateOf(order.createdAt)}</td>
                  <td data-label={t('pay.orders.total')} class="num">
                    {i18n.money(order.totalCents)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/orders" class="panel narrow" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
        <p>{t('pay.orders.intro')}</p>
        {props.error && (
          <p class="alert" role="alert" id="order-error">
            {props.error}
          </p>
        )}
        <OrderNumberField
          i18n={props.page.i18n}
          id="order"
          value={props.value}
          describedBy={props.error ? 'order-error order-hint' : 'order-hint'}
          invalid={Boolean(props.error)}
        />
        <button type="submit" class="button button-pay">
          {t('pay.proceed')}
        </button>
      </form>
      <CancelPaymentForm page={props.page} />
    </Layout>
  );
}

/** Steps 6-7: a saved card or "Nuova carta di pagamento", the seed's note, "Procedi". */
export function CardChoicePage(props: {
  page: PageContext;
  order: Order;
  subscription: Subscription;
  product: Product;
  productName: string;
  cards: SavedCard[];
  requestKey: string;
  /** The order's open attempt (another tab or window): proceeding replaces it, and the page says so. */
  openAttempt: string | null;
  error: string | null;
  isExpired: (card: SavedCard) => boolean;
  /** The renewal a payment now would schedule, offered as the pre-ticked choice; null when it cannot be offered. */
  renewal: { date: string; amountCents: number } | null;
  /** The card automatic renewal already runs on (paying by hand does not move it). */
  autoRenewCard: SavedCard | undefined;
  /** Area Clienti's page about automatic renewal, the seed's "sezione dedicata". */
  renewalInfoUrl: string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const usable = props.cards.filter((card) => !props.isExpired(card));
  const firstUsable = usable[0];
  return (
    <Layout {...props.page} title={t('pay.card.title')}>
      <PaySteps page={props.page} current="card" />
      <h1>{t('pay.card.title')}</h1>
      <p class="lead">
        {t('pay.card.order', {
          number: props.order.number,
          service: serviceName(props.productName, props.subscription.label, ' — '),
          total: i18n.money(props.order.total_cents),
        })}
      </p>
      <form method="post" action={`/orders/${props.order.number}/pay`} class="panel">
        <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
        <input type="hidden" name="request_key" value={props.requestKey} />
        {props.openAttempt && <input type="hidden" name="supersedes" value={props.openAttempt} />}
        {props.error && (
          <p class="alert" role="alert">
            {props.error}
          </p>
        )}
        {props.openAttempt && <p class="notice">{t('pay.card.openAttempt')}</p>}
        <fieldset>
          <legend>{t('pay.card.legend')}</legend>
          {props.cards.map((card) => {
            const expired = props.isExpired(card);
            const id = `card-${card.id}`;
            return (
              <div class="field">
                <input
                  type="radio"
                  id={id}
                  name="card"
                  value={String(card.id)}
                  disabled={expired}
                  checked={card === firstUsable}
                  aria-describedby={`${id}-hint`}
                />{' '}
                <label for={id}>
                  <CardBrandMark brand={card.brand} /> {cardLabel(card)} · {card.holder}
                </label>
                <p class="hint" id={`${id}-hint`}>
                  {expired
                    ? t('pay.card.expired', { expiry: cardExpiry(card) })
                    : t('pay.card.expires', { expiry: cardExpiry(card) })}
                  {card.is_default && !expired ? ` · ${t('pay.card.default')}` : ''}
                </p>
              </div>
            );
          })}
          <div class="field">
            <input
              type="radio"
              id="card-new"
              name="card"
              value="new"
              checked={firstUsable === undefined}
              aria-describedby="card-new-hint"
            />{' '}
            <label for="card-new">{t('pay.card.new')}</label>
            <p class="hint" id="card-new-hint">
              {t('pay.card.newHint')}
            </p>
          </div>
        </fieldset>
        {props.renewal && (
          <div class="field">
            <input
              type="checkbox"
              id="auto-renew"
              name="auto_renew"
              value="on"
              checked
              aria-describedby="auto-renew-hint"
            />{' '}
            <label for="auto-renew">
              {t('pay.card.autoRenewChoice', {
                date: i18n.date(props.renewal.date),
                amount: i18n.money(props.renewal.amountCents),
              })}
            </label>
            <p class="hint" id="auto-renew-hint">
              {t('pay.card.autoRenewChoiceHint')}
            </p>
          </div>
        )}
        {props.autoRenewCard && props.subscription.auto_renew && (
          <p class="hint">{t('pay.card.autoRenewAlreadyOn', { card: cardLabel(props.autoRenewCard) })}</p>
        )}
        {!props.product.auto_renew_available && <RenewalNote page={props.page} url={props.renewalInfoUrl} />}
        <button type="submit" class="button button-pay button-charge">
          {t('pay.card.submit', { amount: i18n.money(props.order.total_cents) })}
        </button>
      </form>
      <CancelPaymentForm page={props.page} />
    </Layout>
  );
}

/** The seed's note, for Firma Digitale and Marca Temporale only, with "sezione dedicata" linking to the real page. */
export function RenewalNote(props: { page: PageContext; url: string }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <p class="notice">
      {t('pay.card.noteBefore')}
      <a href={props.url}>{t('pay.card.noteLink')}</a>
      {t('pay.card.noteAfter')}
    </p>
  );
}

/** "Numero d'ordine" with its hint: the orders panel and "Paga subito un ordine" ask for it the same way. */
export function OrderNumberField(props: {
  i18n: PageContext['i18n'];
  id: string;
  value: string | undefined;
  /** The ids that describe the input: its hint, and the form's error when there is one. */
  describedBy: string;
  invalid: boolean;
}): SafeHtml {
  const { t } = props.i18n;
  return (
    <div class="field">
      <label for={props.id}>{t('pay.orders.number')}</label>
      <input
        type="text"
        id={props.id}
        name="order"
        value={props.value}
        required
        autocomplete="off"
        spellcheck="false"
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
      <p class="hint" id={`${props.id}-hint`}>
        {t('pay.orders.numberHint')}
      </p>
    </div>
  );
}
