import type { EmailContent, TemplateContext } from './email-content.ts';
import type { EmailMessages } from './email-messages.ts';

/** To the operations team: which endpoint, why it stopped, and how to switch it back on. */
export function webhookEndpointDisabled(
  data: EmailMessages['webhook_endpoint_disabled'],
  { i18n }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  return {
    subject: t('webhookDisabled.subject', { url: data.url }),
    heading: t('webhookDisabled.heading'),
    blocks: [
      { kind: 'paragraph', text: t('webhookDisabled.intro') },
      {
        kind: 'facts',
        rows: [
          [t('webhookDisabled.endpoint'), data.endpointId],
          [t('webhookDisabled.url'), data.url],
          [t('webhookDisabled.failedTries'), String(data.failedTries)],
          [t('webhookDisabled.lastError'), data.lastError],
          [t('webhookDisabled.disabledAt'), i18n.dateTime(data.disabledAt)],
        ],
      },
      { kind: 'paragraph', text: t('webhookDisabled.howToEnable', { id: data.endpointId }) },
    ],
  };
}
