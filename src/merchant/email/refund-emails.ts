import type { EmailContent, TemplateContext } from './email-content.ts';
import { areaInvoicesUrl, areaOrderUrl } from './email-links.ts';
import type { EmailMessages } from './email-messages.ts';

/**
 * A refund the provider made (not the automatic one of a double payment: that is `payment_refunded`). Partial and
 * full refunds say different things: after a partial one the order stays paid and the customer should not worry.
 */
export function orderRefunded(
  data: EmailMessages['order_refunded'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const money = (cents: number) => i18n.money(cents, data.currency);
  const amount = money(data.amountCents);
  const card = i18n.card(data.card);
  const full = data.refundedCents >= data.paidCents;
  const rows: Array<[string, string]> = [
    [t('common.order'), data.orderNumber],
    [t('orderRefunded.amount'), amount],
  ];
  if (!full || data.refundedCents !== data.amountCents) {
    rows.push([t('orderRefunded.paid'), money(data.paidCents)], [t('orderRefunded.total'), money(data.refundedCents)]);
  }
  rows.push([t('common.cardUsed'), card], [t('refunded.at'), i18n.dateTime(data.refundedAt)]);
  if (data.reason.trim()) rows.push([t('orderRefunded.reason'), data.reason.trim()]);
  return {
    subject: t('orderRefunded.subject', { order: data.orderNumber, amount }),
    heading: t('orderRefunded.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      {
        kind: 'paragraph',
        text: t(full ? 'orderRefunded.introFull' : 'orderRefunded.introPartial', {
          order: data.orderNumber,
          amount,
          card,
        }),
      },
      { kind: 'facts', rows },
      { kind: 'paragraph', text: t('refunded.when') },
      { kind: 'button', label: t('common.viewOrder'), href: areaOrderUrl(settings, data.orderNumber) },
      // The credit note's PDF is attached when the email is sent (email-delivery.ts), for emails that name it.
      ...(data.refundId === undefined
        ? []
        : [
            { kind: 'paragraph' as const, text: t('orderRefunded.creditNote') },
            { kind: 'button' as const, label: t('common.invoices'), href: areaInvoicesUrl(settings) },
          ]),
    ],
  };
}
