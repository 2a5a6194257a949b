import type { EmailContent, TemplateContext } from './email-content.ts';
import type { EmailMessages } from './email-messages.ts';

/** The provider's "pay this order" link: the order, its total, until when the link works, and the button. */
export function paymentLink(data: EmailMessages['payment_link'], { i18n, greeting }: TemplateContext): EmailContent {
  const { t } = i18n;
  const amount = i18n.money(data.totalCents, data.currency);
  return {
    subject: t('paymentLink.subject', { order: data.orderNumber }),
    heading: t('paymentLink.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('paymentLink.intro', { order: data.orderNumber, amount }) },
      {
        kind: 'facts',
        rows: [
          [t('common.order'), data.orderNumber],
          [t('common.total'), amount],
          [t('paymentLink.expires'), i18n.dateTime(data.expiresAt)],
        ],
      },
      { kind: 'button', label: t('paymentLink.button'), href: data.url },
      { kind: 'paragraph', text: t('paymentLink.ignore') },
    ],
  };
}
