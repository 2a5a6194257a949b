import type { Config } from '../../config.ts';
import type { Locale } from '../../db/schema.ts';
import type { EmailContent, EmailRecipient, EmailSettings, TemplateContext } from './email-content.ts';
import { emailI18n } from './email-i18n.ts';
import { EmailLayout, renderText } from './email-layout.tsx';
import type { EmailMessages, EmailTemplate } from './email-messages.ts';
import type { OutboxEmail } from './outbox-repository.ts';
import { paymentConfirmation, paymentRefunded, renewalFailed, renewalSucceeded } from './payment-emails.ts';
import { paymentLink } from './payment-link-email.ts';
import { orderRefunded } from './refund-emails.ts';
import { autoRenewActivated, autoRenewDeactivated, cardExpiring, serviceExpiring } from './service-emails.ts';
import { passwordReset, supportRequest, supportRequestReceived } from './support-emails.ts';
import { webhookEndpointDisabled } from './webhook-emails.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const TEMPLATES: { [T in EmailTemplate]: (data: EmailMessages[T], context: TemplateContext) => EmailContent } = {
  payment_confirmation: paymentConfirmation,
  payment_refunded: paymentRefunded,
  order_refunded: orderRefunded,
  payment_link: paymentLink,
  auto_renew_activated: autoRenewActivated,
  auto_renew_deactivated: autoRenewDeactivated,
  renewal_succeeded: renewalSucceeded,
  renewal_failed: renewalFailed,
  card_expiring: cardExpiring,
  service_expiring: serviceExpiring,
  support_request: supportRequest,
  support_request_received: supportRequestReceived,
  password_reset: passwordReset,
  webhook_endpoint_disabled: webhookEndpointDisabled,
};

export const EMAIL_TEMPLATES = Object.keys(TEMPLATES) as EmailTemplate[];

export class UnknownEmailTemplateError extends Error {
  override name = 'UnknownEmailTemplateError';
}

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(TEMPLATES, name);
}

/**
 * Renders one email in the customer's language: subject, HTML and plain text from the same content. The recipient's
 * name, when known, greets them ("Gentile Mario Rossi," / "Dear Mario Rossi,"); without one, "Gentile cliente,".
 */
export function renderEmail<T extends EmailTemplate>(
  template: T,
  data: EmailMessages[T],
  locale: Locale,
  settings: EmailSettings,
  recipient: EmailRecipient = {},
): RenderedEmail {
  if (!isEmailTemplate(template)) throw new UnknownEmailTemplateError(`no email template "${String(template)}"`);
  const i18n = emailI18n(locale, settings.timeZone);
  const name = recipient.name?.trim();
  const greeting = name ? i18n.t('common.greetingName', { name }) : i18n.t('common.greeting');
  const content = (TEMPLATES[template] as (data: EmailMessages[T], context: TemplateContext) => EmailContent)(data, {
    i18n,
    settings,
    greeting,
  });
  return {
    subject: content.subject,
    html: EmailLayout({ locale, content, settings, i18n }).value,
    text: renderText(content, settings, i18n),
  };
}

/**
 * An outbox row as its delivery sends it (and as the back office shows it): in the row's language, greeting its
 * recipient by name. A row whose template is not one of ours throws.
 */
export function renderOutboxEmail(
  email: Pick<OutboxEmail, 'template' | 'data' | 'locale' | 'toName'>,
  settings: EmailSettings,
): RenderedEmail {
  if (!isEmailTemplate(email.template)) throw new UnknownEmailTemplateError(`unknown template "${email.template}"`);
  return renderEmail(email.template, email.data as unknown as EmailMessages[EmailTemplate], email.locale, settings, {
    name: email.toName,
  });
}

export function emailSettingsFrom(config: Config): EmailSettings {
  return {
    providerName: config.brand.name,
    brandColor: config.brand.color,
    timeZone: config.businessTimeZone,
    support: config.mail.support,
    urls: { area: config.publicUrls.area, pay: config.publicUrls.pay },
  };
}
