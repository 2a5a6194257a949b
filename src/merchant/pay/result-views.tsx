import { addDays } from '../../shared/clock.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { cardLabel } from '../cards/card-display.ts';
import { isDeclineReason } from '../gateway/payment-gateway.ts';
import { isOpenAttempt } from '../payments/attempt-states.ts';
import type { AttemptView } from '../payments/payment-read-model.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

/** Seconds between two looks of the "Pagamento in verifica" page. */
export const PENDING_REFRESH_SECONDS = 3;

/**
 * The outcome of one attempt: "Pagamento completato" with what happens next, the decline reason with "Riprova",
 * "Pagamento in verifica" refreshing itself (a meta refresh: no JavaScript), or the refund of a second payment.
 */
export function ResultPage(props: {
  page: PageContext;
  view: AttemptView;
  productName: string;
  areaUrl: string;
  renewalLeadDays: number;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const { attempt, order, subscription, product, autoRenewCard } = props.view;
  const card =
    attempt.card_brand && attempt.card_last4 ? cardLabel({ brand: attempt.card_brand, last4: attempt.card_last4 }) : '';
  const retryHref = `/orders/${order.number}/card`;
  const back = (
    <p>
      <a class="button button-secondary" href={props.areaUrl}>
        {t('pay.backToArea')}
      </a>
    </p>
  );

  if (isOpenAttempt(attempt.status)) {
    return (
      <Layout
        {...props.page}
        title={t('pay.result.pending')}
        head={<meta http-equiv="refresh" content={String(PENDING_REFRESH_SECONDS)} />}
      >
        <section class="panel narrow" aria-labelledby="result-title">
          <h1 id="result-title">{t('pay.result.pending')}</h1>
          <p role="status">{t('pay.result.pendingText', { number: order.number })}</p>
          <p>
            <a href={`/payments/${attempt.public_id}`}>{t('pay.result.refresh')}</a>
          </p>
        </section>
      </Layout>
    );
  }

  if (attempt.status === 'authorized') {
    const autoRenewOn = product.auto_renew_available && subscription.auto_renew && autoRenewCard !== undefined;
    return (
      <Layout {...props.page} title={t('pay.result.completed')}>
        <section class="panel" aria-labelledby="result-title">
          <h1 id="result-title" class="outcome-ok">
            {t('pay.result.completed')}
          </h1>
          <dl class="details">
            <dt>{t('pay.result.order')}</dt>
            <dd>{order.number}</dd>
            <dt>{t('pay.result.service')}</dt>
            <dd>
              {props.productName} — {subscription.label}
            </dd>
            <dt>{t('pay.result.amount')}</dt>
            <dd>{i18n.money(attempt.amount_cents)}</dd>
            <dt>{t('pay.result.card')}</dt>
            <dd>{card}</dd>
            {attempt.authorization_code && (
              <>
                <dt>{t('pay.result.authorization')}</dt>
                <dd>{attempt.authorization_code}</dd>
              </>
            )}
          </dl>
          <h2>{t('pay.result.next')}</h2>
          <ul>
            <li>{t('pay.result.orderPaid')}</li>
            {subscription.expires_on && (
              <li>{t('pay.result.serviceUntil', { date: i18n.date(subscription.expires_on) })}</li>
            )}
            {autoRenewOn && subscription.expires_on ? (
              <li>
                {t('pay.result.autoRenewOn', {
                  card: cardLabel(autoRenewCard),
                  date: i18n.date(addDays(subscription.expires_on, -props.renewalLeadDays)),
                })}
              </li>
            ) : (
              !product.auto_renew_available && <li>{t('pay.result.autoRenewUnavailable')}</li>
            )}
            <li>{autoRenewOn ? t('pay.result.emailsAutoRenew') : t('pay.result.emails')}</li>
          </ul>
          {back}
        </section>
      </Layout>
    );
  }

  if (attempt.status === 'refund_pending' || attempt.status === 'refunded') {
    const key = attempt.status === 'refunded' ? 'pay.result.refundedText' : 'pay.result.refundPendingText';
    return (
      <Layout {...props.page} title={t('pay.result.duplicate')}>
        <section class="panel narrow" aria-labelledby="result-title">
          <h1 id="result-title">{t('pay.result.duplicate')}</h1>
          <p role="status">{t(key, { number: order.number, amount: i18n.money(attempt.amount_cents), card })}</p>
          {back}
        </section>
      </Layout>
    );
  }

  // declined, failed, abandoned: nothing was charged and the order can be paid again.
  const abandoned = attempt.status === 'abandoned';
  const reason = isDeclineReason(attempt.decline_reason) ? attempt.decline_reason : 'unknown';
  const title = abandoned ? t('pay.result.abandoned') : t('pay.result.declined');
  return (
    <Layout {...props.page} title={title}>
      <section class="panel narrow" aria-labelledby="result-title">
        <h1 id="result-title" class="outcome-ko">
          {title}
        </h1>
        <p role="alert">
          {abandoned
            ? t('pay.result.abandonedText')
            : t('pay.result.declinedText', { reason: t(`pay.decline.${reason}`) })}
        </p>
        {order.state === 'awaiting_payment' && (
          <>
            <p>{t('pay.result.stillAwaiting', { number: order.number })}</p>
            <p>
              <a class="button button-pay" href={retryHref}>
                {t('pay.result.retry')}
              </a>
            </p>
          </>
        )}
        {back}
      </section>
    </Layout>
  );
}
