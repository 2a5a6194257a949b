import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import type { OutboxEmail } from '../../email/outbox-repository.ts';
import type { RenderedEmail } from '../../email/render-email.ts';
import { ActionLink, DoneNotice } from '../actions/action-views.tsx';
import { EmailStatusBadge } from '../lists/emails-list-page.tsx';
import { CustomerLink, emailPath } from '../lists/list-links.tsx';
import { resendRefusal } from './resend-email.ts';

export interface EmailPageProps {
  request: FastifyRequest;
  email: OutboxEmail;
  customer: { id: number; name: string } | null;
  /** The email as its delivery renders it, or why it cannot be. */
  rendered: RenderedEmail | { error: string };
  /** Whether part of it is hidden from operators (a password reset's link). */
  hidden: boolean;
}

/**
 * One outbox email as the customer received it: its plain-text part, which says what the HTML part says (both come
 * from the same blocks). The HTML itself is never put in the page: it is the customer's mail, not the back office's,
 * and the back office's CSP forbids its inline styles anyway.
 */
export function EmailPage(props: EmailPageProps): SafeHtml {
  const { request, email, customer, rendered } = props;
  const { i18n } = request;
  const { t } = i18n;
  return (
    <>
      <DoneNotice request={request} />
      <h1>{t('bo.email.title', { id: email.id })}</h1>
      <section class="panel" aria-labelledby="email-facts">
        <h2 id="email-facts">{t('bo.email.facts')}</h2>
        <dl class="bo-facts">
          <dt>{t('bo.email.subject')}</dt>
          <dd>{'subject' in rendered ? rendered.subject : '—'}</dd>
          <dt>{t('bo.lists.col.recipient')}</dt>
          <dd>{email.to}</dd>
          <dt>{t('bo.lists.col.customer')}</dt>
          <dd>{customer ? <CustomerLink id={customer.id} name={customer.name} /> : '—'}</dd>
          <dt>{t('bo.lists.col.template')}</dt>
          <dd>
            <code>{email.template}</code>
          </dd>
          <dt>{t('bo.customer.locale')}</dt>
          <dd>{t(`bo.customer.locale.${email.locale}`)}</dd>
          <dt>{t('bo.lists.col.status')}</dt>
          <dd>
            <EmailStatusBadge i18n={i18n} status={email.status} />
          </dd>
          <dt>{t('bo.lists.col.attempts')}</dt>
          <dd>{String(email.attempts)}</dd>
          <dt>{t('bo.lists.col.lastError')}</dt>
          <dd>{email.lastError ?? '—'}</dd>
          <dt>{t('bo.lists.col.created')}</dt>
          <dd>{i18n.dateTimeOf(email.createdAt)}</dd>
          <dt>{t('bo.customer.emails.sent')}</dt>
          <dd>{email.sentAt ? i18n.dateTimeOf(email.sentAt) : '—'}</dd>
          <dt>{t('bo.email.messageId')}</dt>
          <dd>
            <code>{email.messageId}</code>
          </dd>
        </dl>
        <p class="bo-actions">
          {resendRefusal(email) === null && (
            <ActionLink
              request={request}
              action="resend_email"
              href={`${emailPath(email.id)}/reinvia`}
              label={t('bo.resend.submit')}
            />
          )}{' '}
          {email.status === 'failed' && (
            <ActionLink
              request={request}
              action="retry_email"
              href={`${emailPath(email.id)}/riprova`}
              label={t('bo.retry.submit')}
              secondary
            />
          )}
        </p>
      </section>
      <section class="panel" aria-labelledby="email-text">
        <h2 id="email-text">{t('bo.email.text')}</h2>
        {'text' in rendered ? (
          <>
            <p class="hint">{t('bo.email.textHint')}</p>
            {props.hidden && <p class="notice">{t('bo.email.hidden')}</p>}
            <pre class="bo-email-text">{rendered.text}</pre>
          </>
        ) : (
          <p class="notice notice-warn">{t('bo.email.unrenderable', { error: rendered.error })}</p>
        )}
      </section>
    </>
  );
}
