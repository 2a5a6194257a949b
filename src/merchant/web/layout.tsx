import type { BrandConfig } from '../../config.ts';
import type { Customer } from '../../db/schema.ts';
import { FAVICON_PATH } from '../../shared/html/favicon.ts';
import { type Child, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { DEFAULT_BRAND } from './brand.ts';
import { CSRF_FIELD } from './csrf.ts';
import type { I18n, MessageKey } from './i18n/i18n.ts';

/** The provider's support contacts, as on its help pages. */
export const SUPPORT_PHONES = [
  { key: 'footer.customers', display: '+39 0575 0504', tel: '+3905750504' },
  { key: 'footer.partners', display: '+39 0575 0500', tel: '+3905750500' },
] as const satisfies readonly { key: MessageKey; display: string; tel: string }[];

/** Area Clienti's help page ("Assistenza"), linked from its footer. */
export const HELP_PATH = '/assistenza';

export interface PageContext {
  i18n: I18n;
  /** The app's name in the header, e.g. 'app.area'. */
  appName: MessageKey;
  customer: Customer | null;
  /** Present when the request has a session: forms (language, logout) need it. */
  csrfToken: string | null;
  /** The current path, so that switching language comes back to the same page. */
  path: string;
  /** Where "Esci" posts; omitted on apps without a logout. */
  logoutAction?: string;
  /** The provider's brand in the header (config.brand); the built-in one when absent. */
  brand?: BrandConfig;
}

/** The header's switch to the other language, coming back to `path`: every app's header has it. */
export function LanguageSwitch(props: { i18n: I18n; csrfToken: string; path: string }): SafeHtml {
  const t = props.i18n.t;
  const otherLocale = t('layout.otherLanguageCode');
  return (
    <form method="post" action="/locale" class="inline-form">
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <input type="hidden" name="locale" value={otherLocale} />
      <input type="hidden" name="return" value={props.path} />
      <button type="submit" class="button button-quiet" lang={otherLocale}>
        {t('layout.otherLanguage')}
      </button>
    </form>
  );
}

/** "Esci", posted with the session's CSRF token. */
export function LogoutForm(props: { i18n: I18n; csrfToken: string; action: string }): SafeHtml {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <button type="submit" class="button button-secondary">
        {props.i18n.t('layout.logout')}
      </button>
    </form>
  );
}

/** `head`: extra elements for <head> (e.g. the meta refresh of a page waiting for an outcome). */
export function Layout(props: PageContext & { title: string; head?: Child; children?: Child }): SafeHtml {
  const { i18n } = props;
  const t = i18n.t;
  const brand = props.brand ?? DEFAULT_BRAND;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={i18n.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${t(props.appName)} · ${brand.name}`}</title>
          <link rel="stylesheet" href="/assets/cassa.css" />
          <link rel="stylesheet" href="/assets/brand.css" />
          <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
          {props.head}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t('layout.skip')}
          </a>
          <header class="site-header">
            <div class="wrap header-row">
              <a class="brand" href="/">
                <img class="brand-logo" src="/assets/logo.svg" alt="" width="32" height="32" />
                <span class="brand-text">
                  <span class="brand-name">{brand.name}</span> <span class="brand-app">{t(props.appName)}</span>
                </span>
              </a>
              <div class="header-tools">
                {props.appName === 'app.area' && (
                  <a class="header-link" href="/sconti" aria-current={props.path === '/sconti' ? 'page' : undefined}>
                    {t('nav.discounts')}
                  </a>
                )}
                {props.appName === 'app.area' && props.customer && (
                  <a class="header-link" href="/fatture" aria-current={props.path === '/fatture' ? 'page' : undefined}>
                    {t('nav.invoices')}
                  </a>
                )}
                {props.csrfToken && <LanguageSwitch i18n={i18n} csrfToken={props.csrfToken} path={props.path} />}
                {props.customer && (
                  <p class="signed-in">
                    <span class="visually-hidden">{t('layout.signedInAs')} </span>
                    {props.customer.name}
                  </p>
                )}
                {props.customer && props.csrfToken && props.logoutAction && (
                  <LogoutForm i18n={i18n} csrfToken={props.csrfToken} action={props.logoutAction} />
                )}
              </div>
            </div>
          </header>
          <main id="main" class="wrap" tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <h2 class="footer-title">{t('footer.support')}</h2>
              <ul class="support-list">
                {SUPPORT_PHONES.map((phone) => (
                  <li>
                    {t(phone.key)} <a href={`tel:${phone.tel}`}>{phone.display}</a>
                  </li>
                ))}
                <li>{t('footer.hours')}</li>
                {props.appName === 'app.area' && (
                  <li>
                    <a href={HELP_PATH}>{t('footer.help')}</a>
                  </li>
                )}
              </ul>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
