import type { EmailContent, TemplateContext } from './email-content.ts';
import { areaServiceUrl } from './email-links.ts';
import type { EmailMessages } from './email-messages.ts';

export function autoRenewActivated(
  data: EmailMessages['auto_renew_activated'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const service = i18n.service(data.productCode, data.label);
  const card = i18n.card(data.card);
  return {
    subject: t('activated.subject', { service }),
    heading: t('activated.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('activated.intro', { service, card }) },
      {
        kind: 'facts',
        rows: [
          [t('activated.nextRenewal'), i18n.date(data.nextRenewalDate)],
          [t('activated.amount'), i18n.money(data.amountCents, data.currency)],
          [t('common.cardUsed'), card],
        ],
      },
      { kind: 'paragraph', text: t('activated.howToStop') },
      { kind: 'button', label: t('common.manageService'), href: areaServiceUrl(settings, data.subscriptionId) },
    ],
  };
}

export function autoRenewDeactivated(
  data: EmailMessages['auto_renew_deactivated'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const service = i18n.service(data.productCode, data.label);
  return {
    subject: t('deactivated.subject', { service }),
    heading: t('deactivated.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      {
        kind: 'paragraph',
        text: t(data.reason === 'card_removed' ? 'deactivated.cardRemoved' : 'deactivated.byCustomer', { service }),
      },
      { kind: 'paragraph', text: t('deactivated.expires', { date: i18n.date(data.expiresOn) }) },
      { kind: 'button', label: t('common.manageService'), href: areaServiceUrl(settings, data.subscriptionId) },
    ],
  };
}

export function cardExpiring(
  data: EmailMessages['card_expiring'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const card = i18n.card(data.card);
  const expiry = `${String(data.card.expMonth).padStart(2, '0')}/${data.card.expYear}`;
  return {
    subject: t('cardExpiring.subject', { card }),
    heading: t('cardExpiring.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('cardExpiring.intro', { card, expiry }) },
      {
        kind: 'table',
        caption: t('cardExpiring.heading'),
        head: [t('cardExpiring.service'), t('cardExpiring.nextRenewal')],
        rows: data.subscriptions.map((s) => [i18n.service(s.productCode, s.label), i18n.date(s.nextRenewalDate)]),
      },
      { kind: 'paragraph', text: t('cardExpiring.action') },
      { kind: 'button', label: t('common.openArea'), href: settings.urls.area },
    ],
  };
}

export function serviceExpiring(
  data: EmailMessages['service_expiring'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  const service = i18n.service(data.productCode, data.label);
  const date = i18n.date(data.expiresOn);
  return {
    subject: t('serviceExpiring.subject', { service, date }),
    heading: t('serviceExpiring.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('serviceExpiring.intro', { service, date }) },
      { kind: 'paragraph', text: t('serviceExpiring.action') },
      { kind: 'button', label: t('common.manageService'), href: areaServiceUrl(settings, data.subscriptionId) },
    ],
  };
}
