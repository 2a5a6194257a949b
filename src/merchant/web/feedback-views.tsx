import { NOTHING, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { FEEDBACK_COMMENT_MAX, type FeedbackPage } from '../feedback/feedback-pages.ts';
import { CSRF_FIELD } from './csrf.ts';
import type { PageContext } from './layout.tsx';

/** Where the feedback form posts, in every app that shows it (see feedback-routes.ts). */
export const FEEDBACK_ACTION = '/feedback';

/**
 * "La tua opinione è importante per noi!": was this page useful, "Sì" or "No", with an optional comment typed before
 * the answer. A plain form (no JavaScript): it posts, and the page comes back with a thank-you in place of the form.
 * Shown only when the request has a session (the form needs its CSRF token).
 */
export function FeedbackBox(props: { page: PageContext; pageKey: FeedbackPage; thanked: boolean }): SafeHtml {
  const { t } = props.page.i18n;
  if (!props.page.csrfToken) return NOTHING;
  return (
    <section class="panel feedback" id="feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      {props.thanked ? (
        <p class="notice" role="status">
          {t('feedback.thanks')}
        </p>
      ) : (
        <form method="post" action={FEEDBACK_ACTION}>
          <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken} />
          <input type="hidden" name="page" value={props.pageKey} />
          <input type="hidden" name="return" value={props.page.path} />
          <fieldset>
            <legend>{t('feedback.question')}</legend>
            <div class="field">
              <label for="feedback-comment">{t('feedback.comment')}</label>
              <textarea id="feedback-comment" name="comment" rows="3" maxlength={String(FEEDBACK_COMMENT_MAX)} />
            </div>
            <p class="actions">
              <button type="submit" name="useful" value="yes" class="button">
                {t('feedback.yes')}
              </button>{' '}
              <button type="submit" name="useful" value="no" class="button button-secondary">
                {t('feedback.no')}
              </button>
            </p>
          </fieldset>
        </form>
      )}
    </section>
  );
}
