import type { EmailContent, TemplateContext } from './email-content.ts';
import { areaInvoicesUrl, areaOrderUrl, payOrderUrl } from './email-links.ts';
import type { EmailMessages } from './email-messages.ts';
import type { EmailTextKey } from './email-texts-it.ts';

export function paymentConfirmation(
  data: EmailMessages['payment_confirmation'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const money = (cents: number) => i18n.money(cents, data.currency);
  return {
    subject: t('payment.subject', { order: data.orderNumber }),
    heading: t('payment.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('payment.intro', { order: data.orderNumber }) },
      {
        kind: 'facts',
        rows: [
          [t('common.order'), data.orderNumber],
          [t('payment.paidAt'), i18n.dateTime(data.paidAt)],
          [t('common.cardUsed'), i18n.card(data.card)],
        ],
      },
      {
        kind: 'table',
        caption: t('payment.items', { order: data.orderNumber }),
        head: [t('payment.description'), t('payment.quantity'), t('payment.net'), t('payment.vat')],
        rows: data.lines.map((line) => [
          line.description,
          String(line.quantity),
          money(line.netCents),
          money(line.vatCents),
        ]),
        totals: [
          [t('payment.net'), money(data.netCents)],
          [t('payment.vat'), money(data.vatCents)],
          [t('common.total'), money(data.totalCents)],
        ],
      },
      { kind: 'button', label: t('common.viewOrder'), href: areaOrderUrl(settings, data.orderNumber) },
      // The PDF is attached when the email is sent (email-delivery.ts, from the stored invoice).
      { kind: 'paragraph', text: t('payment.invoice') },
      { kind: 'button', label: t('common.invoices'), href: areaInvoicesUrl(settings) },
    ],
  };
}

export function paymentRefunded(
  data: EmailMessages['payment_refunded'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const amount = i18n.money(data.amountCents, data.currency);
  const card = i18n.card(data.card);
  return {
    subject: t('refunded.subject', { order: data.orderNumber }),
    heading: t('refunded.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('refunded.intro', { order: data.orderNumber, amount, card }) },
      {
        kind: 'facts',
        rows: [
          [t('common.order'), data.orderNumber],
          [t('refunded.amount'), amount],
          [t('common.cardUsed'), card],
          [t('refunded.at'), i18n.dateTime(data.refundedAt)],
        ],
      },
      { kind: 'paragraph', text: t('refunded.when') },
      { kind: 'button', label: t('common.viewOrder'), href: areaOrderUrl(settings, data.orderNumber) },
    ],
  };
}

export function renewalSucceeded(
  data: EmailMessages['renewal_succeeded'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const service = i18n.service(data.productCode, data.label);
  const card = i18n.card(data.card);
  const amount = i18n.money(data.totalCents, data.currency);
  return {
    subject: t('succeeded.subject', { service, order: data.orderNumber }),
    heading: t('succeeded.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('succeeded.intro', { service, amount, card }) },
      {
        kind: 'facts',
        rows: [
          [t('common.order'), data.orderNumber],
          [t('common.total'), amount],
          [t('common.cardUsed'), card],
          [t('succeeded.newExpiry'), i18n.date(data.newExpiresOn)],
        ],
      },
      { kind: 'button', label: t('common.viewOrder'), href: areaOrderUrl(settings, data.orderNumber) },
    ],
  };
}

const DECLINE_REASONS: Record<string, EmailTextKey> = {
  insufficient_funds: 'decline.insufficient_funds',
  do_not_honor: 'decline.do_not_honor',
  expired_card: 'decline.expired_card',
  stolen_card: 'decline.stolen_card',
  card_not_active: 'decline.card_not_active',
  authentication_required: 'decline.authentication_required',
  processing_error: 'decline.processing_error',
};

export function renewalFailed(
  data: EmailMessages['renewal_failed'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const service = i18n.service(data.productCode, data.label);
  const card = i18n.card(data.card);
  const amount = i18n.money(data.totalCents, data.currency);
  const reason = t(DECLINE_REASONS[data.declineCode] ?? 'decline.other');
  const next = data.actionRequired
    ? t('failed.actionRequired')
    : data.nextRetryOn
      ? t('failed.retryOn', { date: i18n.date(data.nextRetryOn) })
      : t('failed.noRetry');
  return {
    subject: t('failed.subject', { service, order: data.orderNumber }),
    heading: t('failed.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('failed.intro', { amount, card, service }) },
      { kind: 'paragraph', text: t('failed.reason', { reason }), strong: true },
      { kind: 'paragraph', text: next },
      { kind: 'paragraph', text: t('failed.expires', { date: i18n.date(data.expiresOn) }) },
      {
        kind: 'facts',
        rows: [
          [t('common.order'), data.orderNumber],
          [t('common.total'), amount],
        ],
      },
      { kind: 'button', label: t('failed.pay'), href: payOrderUrl(settings, data.orderNumber) },
      { kind: 'paragraph', text: t('failed.updateCard') },
    ],
  };
}
