import { addDays } from '../../shared/clock.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { cardLabel } from '../cards/card-display.ts';
import { serviceName } from '../catalog/service-name.ts';
import { isDeclineReason } from '../gateway/payment-gateway.ts';
import { isOpenAttempt } from '../payments/attempt-states.ts';
import type { AttemptView } from '../payments/payment-read-model.ts';
import { FeedbackBox } from '../web/feedback-views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { PaySteps } from './pay-steps.tsx';

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
  /** This browser started the open attempt: it may go back to the bank's page. */
  canContinue: boolean;
  /** The page comes back from a "La tua opinione è importante per noi!" vote. */
  feedbackThanked?: boolean;
  /** Where "Riprova" and "Paga con un'altra carta" lead: the card choice, or a guest's order summary. */
  retryHref: string;
}): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const { attempt, order, subscription, product, autoRenewCard } = props.view;
  const card =
    attempt.card_brand && attempt.card_last4 ? cardLabel({ brand: attempt.card_brand, last4: attempt.card_last4 }) : '';
  const { retryHref } = props;
  const back = (
    <p>
      <a class="button button-secondary" href={props.areaUrl}>
        {t('pay.backToArea')}
      </a>
    </p>
  );

  if (isOpenAttempt(attempt.status) || attempt.status === 'needs_attention') {
    // Still at the bank: "Pagamento in corso", refreshing itself; the browser that started it may go back to the
    // bank's page, any window may replace it with another card (the card page says it cancels this one).
    const attention = attempt.status === 'needs_attention';
    const title = attention ? t('pay.result.attention') : t('pay.result.inProgress');
    return (
      <Layout
        {...props.page}
        title={title}
        head={attention ? undefined : <meta http-equiv="refresh" content={String(PENDING_REFRESH_SECONDS)} />}
      >
        <PaySteps page={props.page} current="authorization" />
        <section class="panel narrow" aria-labelledby="result-title">
          <h1 id="result-title">{title}</h1>
          <p role="status">
            {attention
              ? t('pay.result.attentionText', { number: order.number })
              : t('pay.result.inProgressText', { number: order.number })}
          </p>
          {!attention && (
            <p class="actions">
              {props.canContinue && attempt.redirect_url && (
                <a class="button button-pay" href={attempt.redirect_url} referrerpolicy="no-referrer">
                  {t('pay.result.continue')}
                </a>
              )}{' '}
              <a class="button button-secondary" href={retryHref}>
                {t('pay.result.otherCard')}
              </a>{' '}
              <a href={`/payments/${attempt.public_id}`}>{t('pay.result.refresh')}</a>
            </p>
          )}
          {attention && back}
        </section>
      </Layout>
    );
  }

  if (attempt.status === 'authorized' || attempt.status === 'captured') {
    // A guest is not told which of the account's cards renews the service: only what this payment did.
    const autoRenewOn =
      attempt.payer === 'customer' &&
      product.auto_renew_available &&
      subscription.auto_renew &&
      autoRenewCard !== undefined;
    return (
      <Layout {...props.page} title={t('pay.result.completed')}>
        <PaySteps page={props.page} current="result" />
        <section class="panel" aria-labelledby="result-title">
          <h1 id="result-title" class="outcome-ok">
            {t('pay.result.completed')}
          </h1>
          <dl class="details">
            <dt>{t('pay.result.order')}</dt>
            <dd>{order.number}</dd>
            <dt>{t('pay.result.service')}</dt>
            <dd>{serviceName(props.productName, subscription.label, ' — ')}</dd>
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
            ) : !product.auto_renew_available ? (
              <li>{t('pay.result.autoRenewUnavailable')}</li>
            ) : attempt.payer === 'guest' ? (
              <li>{t('pay.result.guestNoAutoRenew')}</li>
            ) : (
              !subscription.auto_renew && !attempt.switch_auto_renew && <li>{t('pay.result.autoRenewNotChosen')}</li>
            )}
            <li>{autoRenewOn ? t('pay.result.emailsAutoRenew') : t('pay.result.emails')}</li>
          </ul>
          {back}
        </section>
        <FeedbackBox page={props.page} pageKey="pay.result" thanked={props.feedbackThanked ?? false} />
      </Layout>
    );
  }

  if (['void_pending', 'voided', 'refund_pending', 'refunded'].includes(attempt.status)) {
    const key =
      attempt.status === 'refunded'
        ? 'pay.result.refundedText'
        : attempt.status === 'refund_pending'
          ? 'pay.result.refundPendingText'
          : 'pay.result.voidedText';
    return (
      <Layout {...props.page} title={t('pay.result.duplicate')}>
        <PaySteps page={props.page} current="result" />
        <section class="panel narrow" aria-labelledby="result-title">
          <h1 id="result-title">{t('pay.result.duplicate')}</h1>
          <p role="status">{t(key, { number: order.number, amount: i18n.money(attempt.amount_cents), card })}</p>
          {back}
        </section>
      </Layout>
    );
  }

  // declined, failed, abandoned, cancelled: nothing was charged and the order can be paid again.
  const abandoned = attempt.status === 'abandoned';
  const cancelled = attempt.status === 'cancelled';
  const reason = isDeclineReason(attempt.decline_reason) ? attempt.decline_reason : 'unknown';
  const title = cancelled
    ? t('pay.result.cancelled')
    : abandoned
      ? t('pay.result.abandoned')
      : t('pay.result.declined');
  return (
    <Layout {...props.page} title={title}>
      <PaySteps page={props.page} current="result" />
      <section class="panel narrow" aria-labelledby="result-title">
        <h1 id="result-title" class="outcome-ko">
          {title}
        </h1>
        <p role="alert">
          {cancelled
            ? t('pay.result.cancelledText', { number: order.number })
            : abandoned
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
