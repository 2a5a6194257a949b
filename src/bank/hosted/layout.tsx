import { FAVICON_PATH } from '../../shared/html/favicon.ts';
import { type Child, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { type PaymentStep, StepIndicator } from '../../shared/html/step-indicator.tsx';
import type { Locale } from '../db/schema.ts';
import { messagesFor } from '../i18n/messages.ts';

/**
 * The frame of every bank page. No inline script and no inline style (the CSP forbids both); the only stylesheet is
 * /assets/bank.css. `step` shows where the customer is in the payment (the same steps Pagamenti shows).
 * `refreshSeconds` makes the page reload itself without JavaScript (the app-approval wait); with `script` (a file
 * under /assets/, allowed by that page's CSP) the refresh is kept for browsers without JavaScript only (in
 * <noscript>), and the script does the waiting instead. `forwardTo` sends the browser on at once (a 0-second refresh:
 * not a form submission, so the page's form-action does not restrict it). Every page says at its top that this is a
 * test environment: nobody should type a real card here.
 */
export function Layout(props: {
  locale: Locale;
  title: string;
  step?: PaymentStep;
  refreshSeconds?: number;
  script?: string;
  forwardTo?: string;
  children?: Child;
}): SafeHtml {
  const m = messagesFor(props.locale);
  const refresh = props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          {props.script && refresh ? <noscript>{refresh}</noscript> : refresh}
          {props.forwardTo ? <meta http-equiv="refresh" content={`0;url=${props.forwardTo}`} /> : null}
          <title>{`${props.title} · ${m.bankName}`}</title>
          <link rel="stylesheet" href="/assets/bank.css" />
          <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
          {props.script ? <script src={props.script} defer /> : null}
        </head>
        <body>
          <p class="sandbox-banner">{m.sandboxNotice}</p>
          <header class="bank-header">
            <span class="bank-logo">{m.bankName}</span>
            <span class="bank-secure">{m.securePayment}</span>
          </header>
          <main class="bank-main">
            {props.step ? <StepIndicator label={m.stepsLabel} steps={m.steps} current={props.step} /> : null}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** One line of a definition list, e.g. "Importo: € 48,80". */
export function Detail(props: { term: string; children?: Child }): SafeHtml {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

export function MessagePage(props: { locale: Locale; title: string; text: string }): SafeHtml {
  return (
    <Layout locale={props.locale} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
    </Layout>
  );
}

/** "Annulla pagamento": a form of its own (never part of the card form), posted to the bank itself. */
export function CancelPaymentForm(props: { locale: Locale; action: string; csrf: string }): SafeHtml {
  const m = messagesFor(props.locale);
  return (
    <form method="post" action={props.action} class="secondary-form cancel-form">
      <input type="hidden" name="csrf" value={props.csrf} />
      <button type="submit" class="secondary">
        {m.cancelPayment}
      </button>
    </form>
  );
}
