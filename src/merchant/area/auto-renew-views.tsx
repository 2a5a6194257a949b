import type { SavedCard, Subscription } from '../../db/schema.ts';
import { NOTHING, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { cardExpiry, cardLabel } from '../cards/card-display.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

/** What the service page shows about automatic renewal. */
export type AutoRenewView =
  | { kind: 'unavailable' }
  | { kind: 'off'; usableCards: SavedCard[] }
  | {
      kind: 'on';
      card: SavedCard;
      nextRenewalDate: string | null;
      amountCents: number;
      /** Other saved, unexpired cards it can move to. */
      otherCards: SavedCard[];
    };

export function AutoRenewPanel(props: {
  page: PageContext;
  subscription: Subscription;
  view: AutoRenewView;
}): SafeHtml {
  const { i18n, csrfToken } = props.page;
  const { t } = i18n;
  const { view, subscription } = props;
  const base = `/services/${subscription.id}/auto-renew`;
  const csrf = <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />;
  if (view.kind === 'unavailable') {
    return <p class="notice notice-warn">{t('service.autoRenew.unavailable')}</p>;
  }
  if (view.kind === 'off') {
    return (
      <>
        <p class="notice">{t('autoRenew.off')}</p>
        {view.usableCards.length === 0 ? (
          <p>{t('autoRenew.noCards')}</p>
        ) : (
          <form method="post" action={`${base}/on`}>
            {csrf}
            <CardChoice page={props.page} id="activate-card" cards={view.usableCards} />
            <button type="submit" class="button">
              {t('autoRenew.activate')}
            </button>
          </form>
        )}
      </>
    );
  }
  return (
    <>
      <p class="notice">{t('service.autoRenew.on', { card: cardLabel(view.card) })}</p>
      <dl class="details">
        <dt>{t('autoRenew.card')}</dt>
        <dd>{`${cardLabel(view.card)} (${cardExpiry(view.card)})`}</dd>
        {view.nextRenewalDate && (
          <>
            <dt>{t('autoRenew.nextRenewal')}</dt>
            <dd>
              {t('autoRenew.nextRenewal.value', {
                date: i18n.date(view.nextRenewalDate),
                amount: i18n.money(view.amountCents),
              })}
            </dd>
          </>
        )}
      </dl>
      {view.otherCards.length > 0 && (
        <form method="post" action={`${base}/card`}>
          {csrf}
          <CardChoice page={props.page} id="change-card" cards={view.otherCards} />
          <button type="submit" class="button button-secondary">
            {t('autoRenew.changeCard')}
          </button>
        </form>
      )}
      <p>
        <a class="button button-secondary" href={`${base}/off`}>
          {t('autoRenew.deactivate')}
        </a>
      </p>
    </>
  );
}

function CardChoice(props: { page: PageContext; id: string; cards: SavedCard[] }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <div class="field">
      <label for={props.id}>{t('autoRenew.chooseCard')}</label>
      <select id={props.id} name="card" required>
        {props.cards.map((card) => (
          <option value={String(card.id)}>{`${cardLabel(card)} (${cardExpiry(card)}) — ${card.holder}`}</option>
        ))}
      </select>
    </div>
  );
}

export function AutoRenewOffConfirmPage(props: { page: PageContext; subscription: Subscription }): SafeHtml {
  const { i18n, csrfToken } = props.page;
  const { t } = i18n;
  const { subscription } = props;
  return (
    <Layout {...props.page} title={t('autoRenew.confirm.title')}>
      <section class="panel narrow" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{t('autoRenew.confirm.title')}</h1>
        <p>
          {t('autoRenew.confirm.body', {
            label: subscription.label,
            date: subscription.expires_on ? i18n.date(subscription.expires_on) : '',
          })}
        </p>
        <form method="post" action={`/services/${subscription.id}/auto-renew/off`}>
          <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />
          <button type="submit" class="button">
            {t('autoRenew.confirm.submit')}
          </button>{' '}
          <a class="button button-secondary" href={`/services/${subscription.id}`}>
            {t('autoRenew.confirm.cancel')}
          </a>
        </form>
      </section>
    </Layout>
  );
}

export interface BannerItem {
  status: 'failed' | 'action_required' | string;
  label: string;
  order_number: string;
}

/** "Aggiorna i tuoi dati": renewals that wait for the customer, each with its order's "Paga". */
export function RenewalBanner(props: {
  page: PageContext;
  items: BannerItem[];
  payUrl: (orderNumber: string) => string;
}): SafeHtml {
  const { t } = props.page.i18n;
  if (props.items.length === 0) return NOTHING;
  return (
    <section class="alert" role="alert" aria-labelledby="banner-title">
      <h2 id="banner-title">{t('banner.title')}</h2>
      <ul>
        {props.items.map((item) => (
          <li>
            {t(item.status === 'action_required' ? 'banner.actionRequired' : 'banner.failed', {
              label: item.label,
              order: item.order_number,
            })}{' '}
            <a class="button button-pay" href={props.payUrl(item.order_number)}>
              {t('orders.pay')}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/cards">{t('banner.cards')}</a>
      </p>
    </section>
  );
}
