import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { messagesFor } from '../i18n/messages.ts';
import { CancelPaymentForm, Layout } from './layout.tsx';
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
  cancelAction: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <Layout locale={props.payment.locale} title={m.smsTitle} step="authorization">
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
      <CancelPaymentForm locale={props.payment.locale} action={props.cancelAction} csrf={props.csrf} />
    </Layout>
  );
}

/** The script that waits for the bank app on the page below, when the browser runs scripts. */
export const APP_WAIT_SCRIPT = '/assets/app-wait.js';

/**
 * Waiting for the bank app. Without JavaScript the page reloads itself every 2 seconds (meta refresh) until the
 * cardholder answers. With it, {@link APP_WAIT_SCRIPT} asks `statusHref` instead, quietly, and when the answer is in
 * says it in the live region (`role="status"`) before moving on: no reload a screen reader would announce each time.
 */
export function AppWaitingPage(props: {
  payment: PaymentHeader;
  maskedCard: string;
  refreshHref: string;
  statusHref: string;
  cancelAction: string;
  csrf: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <Layout
      locale={props.payment.locale}
      title={m.appTitle}
      step="authorization"
      refreshSeconds={2}
      script={APP_WAIT_SCRIPT}
    >
      <PaymentSummaryBox payment={props.payment} />
      <h1>{m.appTitle}</h1>
      <p>{m.appIntro(props.maskedCard)}</p>
      <p class="waiting" role="status" id="approval-status" data-status-url={props.statusHref}>
        {m.appWaiting}
      </p>
      <p>
        <a href={props.refreshHref}>{m.refresh}</a>
      </p>
      <CancelPaymentForm locale={props.payment.locale} action={props.cancelAction} csrf={props.csrf} />
    </Layout>
  );
}
