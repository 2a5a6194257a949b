import type { OrderState } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { SUPPORT_MESSAGE_MAX, SUPPORT_TOPICS } from '../support/support-topics.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { CONTACT_PATH } from './help-views.tsx';

export interface ContactOrderChoice {
  number: string;
  state: OrderState;
  subscriptionLabel: string;
}

export type ContactNotice =
  | { kind: 'sent'; requestId: number }
  | { kind: 'invalid' }
  | { kind: 'unknown_order' }
  | { kind: 'rate_limited'; wait: string };

/** "Contatta i nostri esperti": topic (fixed list), message, and optionally one of the customer's own orders. */
export function ContactPage(props: {
  page: PageContext;
  email: string;
  orders: ContactOrderChoice[];
  notice?: ContactNotice;
  values?: { topic?: string; message?: string; order?: string };
}): SafeHtml {
  const { t } = props.page.i18n;
  const { notice } = props;
  const values = props.values ?? {};
  return (
    <Layout {...props.page} title={t('contact.title')}>
      <p>
        <a class="back-link" href="/assistenza">
          {t('contact.back')}
        </a>
      </p>
      <section class="panel narrow" aria-labelledby="contact-title">
        <h1 id="contact-title">{t('contact.title')}</h1>
        {notice?.kind === 'sent' ? (
          <p class="notice" role="status">
            {t('contact.sent', { id: notice.requestId })}
          </p>
        ) : (
          <p class="lead">{t('contact.intro', { email: props.email })}</p>
        )}
        {notice && notice.kind !== 'sent' && (
          <p class="alert" role="alert">
            {notice.kind === 'invalid'
              ? t('contact.invalid')
              : notice.kind === 'unknown_order'
                ? t('contact.unknownOrder')
                : t('contact.rateLimited', { wait: notice.wait })}
          </p>
        )}
        {notice?.kind !== 'sent' && (
          <form method="post" action={CONTACT_PATH}>
            <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
            <div class="field">
              <label for="contact-topic">{t('contact.topic')}</label>
              <select id="contact-topic" name="topic" required>
                {SUPPORT_TOPICS.map((topic) => (
                  <option value={topic} selected={values.topic === topic}>
                    {t(`contact.topic.${topic}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="contact-order">{t('contact.order')}</label>
              <select id="contact-order" name="order">
                <option value="">{t('contact.noOrder')}</option>
                {props.orders.map((order) => (
                  <option value={order.number} selected={values.order === order.number}>
                    {`${order.number} · ${order.subscriptionLabel} · ${t(`order.state.${order.state}`)}`}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="contact-message">{t('contact.message')}</label>
              <textarea
                id="contact-message"
                name="message"
                rows="6"
                required
                maxlength={String(SUPPORT_MESSAGE_MAX)}
                aria-describedby="contact-message-hint"
              >
                {values.message ?? ''}
              </textarea>
              <p class="hint" id="contact-message-hint">
                {t('contact.messageHint')}
              </p>
            </div>
            <button type="submit" class="button button-wide">
              {t('contact.submit')}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
