import type { FastifyReply, FastifyRequest } from 'fastify';
import { FAVICON_PATH } from '../../shared/html/favicon.ts';
import { type Child, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { Operator } from '../operators/operator-repository.ts';
import { can } from '../operators/operator-roles.ts';
import { DEFAULT_BRAND } from '../web/brand.ts';
import type { I18n } from '../web/i18n/i18n.ts';
import { LanguageSwitch, LogoutForm } from '../web/layout.tsx';
import { sendPage } from '../web/render.ts';
import { BACKOFFICE_NAV, SEARCH_PATH } from './backoffice-nav.ts';

export interface BackofficePageOptions {
  title: string;
  children?: Child;
  status?: number;
  /** The search box's current text (the search page fills it in). */
  query?: string;
}

/**
 * Renders a back-office page in its frame: header with the operator and "Esci", the main navigation, the search box
 * ("Cerca") on every page. Route plugins call this and nothing else to answer with HTML.
 */
export function sendBackofficePage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: BackofficePageOptions,
): FastifyReply {
  const path = request.url.split('?')[0] ?? '/';
  const page = BackofficeLayout({
    i18n: request.i18n,
    operator: request.operator,
    csrfToken: request.session?.csrfToken ?? null,
    path,
    brandName: (request.brand ?? DEFAULT_BRAND).name,
    ...options,
  });
  return sendPage(reply, page, options.status ?? 200);
}

function isCurrent(navPath: string, path: string): boolean {
  return navPath === '/' ? path === '/' : path === navPath || path.startsWith(`${navPath}/`);
}

export function BackofficeLayout(
  props: BackofficePageOptions & {
    i18n: I18n;
    operator: Operator | null;
    csrfToken: string | null;
    path: string;
    brandName: string;
  },
): SafeHtml {
  const t = props.i18n.t;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.i18n.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${t('app.backoffice')} · ${props.brandName}`}</title>
          <link rel="stylesheet" href="/assets/cassa.css" />
          <link rel="stylesheet" href="/assets/brand.css" />
          <link rel="stylesheet" href="/assets/backoffice.css" />
          <link rel="stylesheet" href="/assets/backoffice-lists.css" />
          <link rel="stylesheet" href="/assets/backoffice-dashboard.css" />
          <link rel="stylesheet" href="/assets/backoffice-customers.css" />
          <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
        </head>
        <body class="backoffice">
          <a class="skip-link" href="#main">
            {t('layout.skip')}
          </a>
          <header class="site-header">
            <div class="wrap header-row">
              <a class="brand" href="/">
                <img class="brand-logo" src="/assets/logo.svg" alt="" width="32" height="32" />
                <span class="brand-text">
                  <span class="brand-name">{props.brandName}</span> <span class="brand-app">{t('app.backoffice')}</span>
                </span>
              </a>
              <div class="header-tools">
                {props.csrfToken && <LanguageSwitch i18n={props.i18n} csrfToken={props.csrfToken} path={props.path} />}
                {props.operator && (
                  <p class="signed-in">
                    <span class="visually-hidden">{t('layout.signedInAs')} </span>
                    {props.operator.name} <span class="badge badge-off">{t(`bo.role.${props.operator.role}`)}</span>
                  </p>
                )}
                {props.operator && props.csrfToken && (
                  <LogoutForm i18n={props.i18n} csrfToken={props.csrfToken} action="/logout" />
                )}
              </div>
            </div>
            {props.operator && (
              <div class="wrap bo-bar">
                <nav class="bo-nav" aria-label={t('bo.nav.label')}>
                  <ul>
                    {BACKOFFICE_NAV.map((item) => (
                      <li>
                        <a href={item.path} aria-current={isCurrent(item.path, props.path) ? 'page' : undefined}>
                          {t(item.label)}
                        </a>
                      </li>
                    ))}
                    {can(props.operator.role, 'manage_operators') && (
                      <li>
                        <a href="/operatori" aria-current={isCurrent('/operatori', props.path) ? 'page' : undefined}>
                          {t('bo.nav.operators')}
                        </a>
                      </li>
                    )}
                  </ul>
                </nav>
                <search>
                  <form method="get" action={SEARCH_PATH} class="bo-search">
                    <label for="bo-search-q">{t('bo.search.label')}</label>
                    <input
                      id="bo-search-q"
                      type="search"
                      name="q"
                      value={props.query ?? ''}
                      maxlength="200"
                      autocomplete="off"
                    />
                    <button type="submit" class="button">
                      {t('bo.search.button')}
                    </button>
                  </form>
                </search>
              </div>
            )}
          </header>
          <main id="main" class="wrap" tabindex="-1">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
