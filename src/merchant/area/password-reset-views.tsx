import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

export const FORGOT_PATH = '/password-dimenticata';
export const NEW_PASSWORD_PATH = '/nuova-password';

export type ForgotNotice =
  | { kind: 'sent'; email: string }
  | { kind: 'invalid' }
  | { kind: 'rate_limited'; wait: string };

/** "Password dimenticata?": the email form, then the same answer for every email. */
export function ForgotPasswordPage(props: { page: PageContext; notice?: ForgotNotice; email?: string }): SafeHtml {
  const { t } = props.page.i18n;
  const { notice } = props;
  return (
    <Layout {...props.page} title={t('reset.request.title')}>
      <section class="panel narrow" aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t('reset.request.title')}</h1>
        {notice?.kind === 'sent' ? (
          <p class="notice" role="status">
            {t('reset.request.sent', { email: notice.email })}
          </p>
        ) : (
          <>
            <p class="lead">{t('reset.request.intro')}</p>
            {notice && (
              <p class="alert" role="alert">
                {notice.kind === 'invalid' ? t('reset.request.invalid') : t('reset.rateLimited', { wait: notice.wait })}
              </p>
            )}
            <form method="post" action={FORGOT_PATH}>
              <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
              <div class="field">
                <label for="email">{t('login.email')}</label>
                <input
                  id="email"
                  name="email"
                  type="email"
                  autocomplete="username"
                  required
                  value={props.email ?? ''}
                />
              </div>
              <button type="submit" class="button button-wide">
                {t('reset.request.submit')}
              </button>
            </form>
          </>
        )}
        <p>
          <a href="/login">{t('reset.backToLogin')}</a>
        </p>
      </section>
    </Layout>
  );
}

export type NewPasswordError = 'too_short' | 'mismatch';

/** The new password, twice, for a token that can still be used. */
export function NewPasswordPage(props: {
  page: PageContext;
  token: string;
  minLength: number;
  error?: NewPasswordError;
}): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t('reset.new.title')}>
      <section class="panel narrow" aria-labelledby="new-password-title">
        <h1 id="new-password-title">{t('reset.new.title')}</h1>
        {props.error && (
          <p class="alert" role="alert">
            {props.error === 'too_short' ? t('reset.new.tooShort', { min: props.minLength }) : t('reset.new.mismatch')}
          </p>
        )}
        <form method="post" action={NEW_PASSWORD_PATH}>
          <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
          <input type="hidden" name="token" value={props.token} />
          <div class="field">
            <label for="new-password">{t('reset.new.password')}</label>
            <input
              id="new-password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minlength={String(props.minLength)}
              aria-describedby="new-password-hint"
            />
            <p class="hint" id="new-password-hint">
              {t('reset.new.hint', { min: props.minLength })}
            </p>
          </div>
          <div class="field">
            <label for="confirm-password">{t('reset.new.confirm')}</label>
            <input
              id="confirm-password"
              name="confirm"
              type="password"
              autocomplete="new-password"
              required
              minlength={String(props.minLength)}
            />
          </div>
          <button type="submit" class="button button-wide">
            {t('reset.new.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** An expired, used or unknown link: one page for all, with the way to ask for a new one. */
export function InvalidResetLinkPage(props: { page: PageContext }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t('reset.invalid.title')}>
      <section class="panel narrow" aria-labelledby="invalid-link-title">
        <h1 id="invalid-link-title">{t('reset.invalid.title')}</h1>
        <p role="alert">{t('reset.invalid.body')}</p>
        <p>
          <a class="button" href={FORGOT_PATH}>
            {t('reset.invalid.again')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
