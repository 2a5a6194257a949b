import type { EmailContent, TemplateContext } from './email-content.ts';
import { passwordResetUrl } from './email-links.ts';
import type { EmailMessages } from './email-messages.ts';
import type { EmailTextKey } from './email-texts-it.ts';

const topicKey = (topic: string) => `supportTopic.${topic}` as EmailTextKey;

function topicName(topic: string, { i18n }: TemplateContext): string {
  return i18n.t(topicKey(topic));
}

/** The request as the provider's support team reads it: who, about what, which order, the message. */
export function supportRequest(data: EmailMessages['support_request'], context: TemplateContext): EmailContent {
  const { i18n } = context;
  const { t } = i18n;
  const topic = topicName(data.topic, context);
  return {
    subject: data.orderNumber
      ? t('supportRequest.subjectWithOrder', {
          id: data.requestId,
          topic,
          name: data.customerName,
          order: data.orderNumber,
        })
      : t('supportRequest.subject', { id: data.requestId, topic, name: data.customerName }),
    heading: t('supportRequest.heading'),
    blocks: [
      {
        kind: 'facts',
        rows: [
          [t('supportRequest.number'), String(data.requestId)],
          [t('supportRequest.customer'), `${data.customerName} <${data.customerEmail}>`],
          [t('supportRequest.topic'), topic],
          [t('common.order'), data.orderNumber ?? t('supportRequest.noOrder')],
          [t('supportRequest.sentAt'), i18n.dateTime(data.sentAt)],
        ],
      },
      { kind: 'paragraph', text: t('supportRequest.message'), strong: true },
      { kind: 'paragraph', text: data.message },
      { kind: 'paragraph', text: t('supportRequest.replyTo', { email: data.customerEmail }) },
    ],
  };
}

/** The customer's confirmation: what they wrote, and when to expect an answer. */
export function supportRequestReceived(
  data: EmailMessages['support_request_received'],
  context: TemplateContext,
): EmailContent {
  const { i18n, settings, greeting } = context;
  const { t } = i18n;
  const topic = topicName(data.topic, context);
  return {
    subject: t('supportReceived.subject', { id: data.requestId }),
    heading: t('supportReceived.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('supportReceived.intro') },
      {
        kind: 'facts',
        rows: [
          [t('supportRequest.number'), String(data.requestId)],
          [t('supportRequest.topic'), topic],
          [t('common.order'), data.orderNumber ?? t('supportRequest.noOrder')],
        ],
      },
      { kind: 'paragraph', text: t('supportRequest.message'), strong: true },
      { kind: 'paragraph', text: data.message },
      { kind: 'paragraph', text: t('supportReceived.when', { hours: settings.support.hours[i18n.locale] }) },
    ],
  };
}

/** The reset link, how long it works, and what to do when the customer did not ask for it. */
export function passwordReset(
  data: EmailMessages['password_reset'],
  { i18n, settings, greeting }: TemplateContext,
): EmailContent {
  const { t } = i18n;
  return {
    subject: t('passwordReset.subject'),
    heading: t('passwordReset.heading'),
    blocks: [
      { kind: 'paragraph', text: greeting },
      { kind: 'paragraph', text: t('passwordReset.intro') },
      {
        kind: 'button',
        label: t('passwordReset.button'),
        href: passwordResetUrl(settings, data.token),
      },
      { kind: 'paragraph', text: t('passwordReset.validity', { minutes: data.validMinutes }) },
      { kind: 'paragraph', text: t('passwordReset.notYou') },
    ],
  };
}
