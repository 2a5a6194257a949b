import { type Child, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { Locale } from '../db/schema.ts';
import { messagesFor } from '../i18n/messages.ts';

/**
 * The frame of every bank page. No scripts and no inline styles (the CSP forbids both); the only stylesheet is
 * /assets/bank.css. `refreshSeconds` makes the page reload itself without JavaScript (the app-approval wait).
 */
export function Layout(props: { locale: Locale; title: string; refreshSeconds?: number; children?: Child }): SafeHtml {
  const m = messagesFor(props.locale);
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
          <title>{`${props.title} · ${m.bankName}`}</title>
          <link rel="stylesheet" href="/assets/bank.css" />
        </head>
        <body>
          <header class="bank-header">
            <span class="bank-logo">{m.bankName}</span>
            <span class="bank-secure">{m.securePayment}</span>
          </header>
          <main class="bank-main">{props.children}</main>
          <footer class="bank-footer">
            <p>{m.sandboxNotice}</p>
          </footer>
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
