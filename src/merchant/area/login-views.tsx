import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { I18n } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { FORGOT_PATH } from './password-reset-views.tsx';

export type LoginNotice =
  | { kind: 'invalid_credentials' }
  | { kind: 'rate_limited'; by: 'address' | 'account'; retryAfterSeconds: number }
  | { kind: 'logged_out' }
  | { kind: 'password_changed' };

/** "1 secondo", "8 secondi", "15 minuti": the wait as the customer reads it, in whole seconds or rounded-up minutes. */
export function waitText(t: I18n['t'], seconds: number): string {
  if (seconds < 60) return seconds === 1 ? t('login.wait.second') : t('login.wait.seconds', { count: seconds });
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t('login.wait.minute') : t('login.wait.minutes', { count: minutes });
}

export function LoginPage(props: { page: PageContext; email?: string; notice?: LoginNotice; next?: string }): SafeHtml {
  const { t } = props.page.i18n;
  const notice = props.notice;
  return (
    <Layout {...props.page} title={t('login.title')}>
      <section class="panel narrow" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p class="lead">{t('login.intro')}</p>
        {notice?.kind === 'invalid_credentials' && (
          <p class="alert" role="alert">
            {t('login.invalid')}
          </p>
        )}
        {notice?.kind === 'rate_limited' && (
          <p class="alert" role="alert">
            {t(notice.by === 'account' ? 'login.rateLimited.account' : 'login.rateLimited.address', {
              wait: waitText(t, notice.retryAfterSeconds),
            })}
          </p>
        )}
        {notice?.kind === 'logged_out' && (
          <p class="notice" role="status">
            {t('login.loggedOut')}
          </p>
        )}
        {notice?.kind === 'password_changed' && (
          <p class="notice" role="status">
            {t('login.passwordChanged')}
          </p>
        )}
        <form method="post" action="/login">
          <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <div class="field">
            <label for="email">{t('login.email')}</label>
            <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
          </div>
          <div class="field">
            <label for="password">{t('login.password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class="button button-wide">
            {t('login.submit')}
          </button>
        </form>
        <p class="login-links">
          <a href={FORGOT_PATH}>{t('login.forgot')}</a>
          <a href="/sconti">{t('nav.discounts')}</a>
        </p>
      </section>
    </Layout>
  );
}
