import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { formatMoney } from '../../shared/money.ts';
import { BANK_TIME_ZONE } from '../bank-config.ts';
import { maskLast4 } from '../cards/card-number.ts';
import type { Locale } from '../db/schema.ts';
import { Layout } from '../hosted/layout.tsx';
import { messagesFor } from '../i18n/messages.ts';
import type { PendingApproval } from '../three-ds/challenge-repository.ts';
import type { SmsMessage } from '../three-ds/sms-repository.ts';

function time(at: Date, locale: Locale): string {
  return at.toLocaleString(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: BANK_TIME_ZONE });
}

/** The sandbox phone: every SMS the bank sent, newest first. */
export function SmsInboxPage(props: { locale: Locale; messages: SmsMessage[] }): SafeHtml {
  const m = messagesFor(props.locale);
  return (
    <Layout locale={props.locale} title={m.smsInboxTitle} refreshSeconds={5}>
      <h1>{m.smsInboxTitle}</h1>
      <p>{m.smsInboxIntro}</p>
      {props.messages.length === 0 ? (
        <p>{m.smsEmpty}</p>
      ) : (
        <ol class="sms-list">
          {props.messages.map((sms) => (
            <li class="sms">
              <p class="sms-meta">
                <span>
                  {m.smsTo}: {sms.recipient}
                </span>{' '}
                <span>
                  {m.smsCard}: {sms.maskedCard}
                </span>{' '}
                <time datetime={sms.createdAt.toISOString()}>{time(sms.createdAt, props.locale)}</time>
              </p>
              <p class="sms-text">{sms.body}</p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

/** The cardholder's bank app: approval requests with "Autorizza" and "Rifiuta". */
export function BankAppPage(props: { locale: Locale; approvals: PendingApproval[]; notice?: string }): SafeHtml {
  const m = messagesFor(props.locale);
  const suffix = props.locale === 'en' ? '?lang=en' : '';
  return (
    <Layout locale={props.locale} title={m.bankAppTitle} refreshSeconds={props.approvals.length === 0 ? 3 : undefined}>
      <h1>{m.bankAppTitle}</h1>
      <p>{m.bankAppIntro}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.approvals.length === 0 ? (
        <p>{m.bankAppEmpty}</p>
      ) : (
        <ul class="approval-list">
          {props.approvals.map((a) => {
            const text = m.approvalRequest(
              a.merchantName,
              formatMoney(a.amountCents, props.locale, 'EUR'),
              maskLast4(a.last4),
            );
            return (
              <li class="approval">
                <p>{text}</p>
                <form method="post" action={`/app/requests/${a.challengeId}/approve${suffix}`} class="inline-form">
                  <button type="submit" aria-label={`${m.authorize}: ${text}`}>
                    {m.authorize}
                  </button>
                </form>
                <form method="post" action={`/app/requests/${a.challengeId}/deny${suffix}`} class="inline-form">
                  <button type="submit" class="secondary" aria-label={`${m.deny}: ${text}`}>
                    {m.deny}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}
