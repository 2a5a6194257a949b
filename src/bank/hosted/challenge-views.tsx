import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { messagesFor } from '../i18n/messages.ts';
import { Layout } from './layout.tsx';
import { type PaymentHeader, PaymentSummaryBox } from './payment-views.tsx';

/** The SMS challenge: the code field, "Conferma", and "Invia di nuovo" while resends remain. */
export function SmsChallengePage(props: {
  payment: PaymentHeader;
  maskedCard: string;
  verifyAction: string;
  resendAction: string;
  csrf: string;
  error?: string;
  notice?: string;
  canResend: boolean;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <Layout locale={props.payment.locale} title={m.smsTitle}>
      <PaymentSummaryBox payment={props.payment} />
      <h1>{m.smsTitle}</h1>
      <p>{m.smsIntro(props.maskedCard)}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <form method="post" action={props.verifyAction} novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <div class={props.error ? 'field field-error' : 'field'}>
          <label for="field-code">{m.code}</label>
          <span class="hint" id="field-code-hint">
            {m.codeHint}
          </span>
          {props.error ? (
            <span class="error" id="field-code-error" role="alert">
              {props.error}
            </span>
          ) : null}
          <input
            id="field-code"
            name="code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength={6}
            required
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'field-code-hint field-code-error' : 'field-code-hint'}
          />
        </div>
        <button type="submit">{m.confirm}</button>
      </form>
      {props.canResend ? (
        <form method="post" action={props.resendAction} class="secondary-form">
          <input type="hidden" name="csrf" value={props.csrf} />
          <button type="submit" class="secondary">
            {m.resend}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

/** Waiting for the bank app: the page reloads itself every few seconds (meta refresh, no script) until answered. */
export function AppWaitingPage(props: { payment: PaymentHeader; maskedCard: string; refreshHref: string }): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <Layout locale={props.payment.locale} title={m.appTitle} refreshSeconds={2}>
      <PaymentSummaryBox payment={props.payment} />
      <h1>{m.appTitle}</h1>
      <p>{m.appIntro(props.maskedCard)}</p>
      <p class="waiting" role="status">
        {m.appWaiting}
      </p>
      <p>
        <a href={props.refreshHref}>{m.refresh}</a>
      </p>
    </Layout>
  );
}
