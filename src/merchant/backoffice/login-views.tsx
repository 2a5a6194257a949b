import { NOTHING, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { waitText } from '../area/login-views.tsx';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { I18n } from '../web/i18n/i18n.ts';

export type OperatorLoginNotice =
  | { kind: 'invalid_credentials' }
  | { kind: 'wrong_code' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'logged_out' };

function Notice(props: { i18n: I18n; notice: OperatorLoginNotice | undefined }): SafeHtml {
  const { t } = props.i18n;
  const notice = props.notice;
  if (!notice) return NOTHING;
  if (notice.kind === 'logged_out')
    return (
      <p class="notice" role="status">
        {t('bo.login.loggedOut')}
      </p>
    );
  const text =
    notice.kind === 'rate_limited'
      ? t('bo.login.rateLimited', { wait: waitText(t, notice.retryAfterSeconds) })
      : t(notice.kind === 'wrong_code' ? 'bo.login.wrongCode' : 'bo.login.invalid');
  return (
    <p class="alert" role="alert">
      {text}
    </p>
  );
}

/** "Email", "Password", "Accedi": the labels. */
export function OperatorLoginForm(props: {
  i18n: I18n;
  csrfToken: string;
  email?: string;
  next?: string;
  notice?: OperatorLoginNotice;
}): SafeHtml {
  const { t } = props.i18n;
  return (
    <section class="panel narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('bo.login.title')}</h1>
      <p class="lead">{t('bo.login.intro')}</p>
      <Notice i18n={props.i18n} notice={props.notice} />
      <form method="post" action="/login">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <div class="field">
          <label for="email">{t('bo.login.email')}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        </div>
        <div class="field">
          <label for="password">{t('bo.login.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit" class="button button-wide">
          {t('bo.login.submit')}
        </button>
      </form>
    </section>
  );
}

function CodeField(props: { i18n: I18n }): SafeHtml {
  const { t } = props.i18n;
  return (
    <div class="field">
      <label for="code">{t('bo.login.code')}</label>
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxlength="7"
        required
        aria-describedby="code-hint"
      />
      <p class="hint" id="code-hint">
        {t('bo.login.codeHint')}
      </p>
    </div>
  );
}

export function OperatorCodeForm(props: {
  i18n: I18n;
  csrfToken: string;
  next?: string;
  notice?: OperatorLoginNotice;
}): SafeHtml {
  const { t } = props.i18n;
  return (
    <section class="panel narrow" aria-labelledby="code-title">
      <h1 id="code-title">{t('bo.login.codeTitle')}</h1>
      <p class="lead">{t('bo.login.codeIntro')}</p>
      <Notice i18n={props.i18n} notice={props.notice} />
      <form method="post" action="/login/codice">
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <CodeField i18n={props.i18n} />
        <button type="submit" class="button button-wide">
          {t('bo.login.verify')}
        </button>
      </form>
    </section>
  );
}

/** Enrolment: the QR code to scan, the same secret to type, and the first code to prove it works. */
export function OperatorEnrolForm(props: {
  i18n: I18n;
  csrfToken: string;
  action: string;
  qrSvg: string;
  secret: string;
  next?: string;
  notice?: OperatorLoginNotice;
}): SafeHtml {
  const { t } = props.i18n;
  // Groups of four, as authenticator apps show it and as people type it.
  const grouped = props.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <section class="panel narrow" aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t('bo.enrol.title')}</h1>
      <p class="lead">{t('bo.enrol.intro')}</p>
      <Notice i18n={props.i18n} notice={props.notice} />
      <figure class="bo-qr">
        <div role="img" aria-label={t('bo.enrol.qrLabel')}>
          {raw(props.qrSvg)}
        </div>
        <figcaption>
          {t('bo.enrol.secret')} <code class="bo-secret">{grouped}</code>
        </figcaption>
      </figure>
      <form method="post" action={props.action}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <CodeField i18n={props.i18n} />
        <button type="submit" class="button button-wide">
          {t('bo.enrol.confirm')}
        </button>
      </form>
    </section>
  );
}
