import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { FeedbackBox } from '../web/feedback-views.tsx';
import { Layout, type PageContext, SUPPORT_PHONES } from '../web/layout.tsx';

export const CONTACT_PATH = '/assistenza/contatta';

/**
 * "Assistenza": how to pay an order (the seed's steps), the support numbers and hours, "Non hai trovato quello che
 * cerchi? Contatta i nostri esperti, sono a tua disposizione.", and "La tua opinione è importante per noi!".
 * Open to everyone: a customer who cannot log in needs the numbers most.
 */
export function HelpPage(props: { page: PageContext; feedbackThanked: boolean }): SafeHtml {
  const { t } = props.page.i18n;
  const steps = [
    'help.howToPay.1',
    'help.howToPay.2',
    'help.howToPay.3',
    'help.howToPay.4',
    'help.howToPay.5',
  ] as const;
  return (
    <Layout {...props.page} title={t('help.title')}>
      <h1>{t('help.title')}</h1>
      <p class="lead">{t('help.intro')}</p>
      <section class="panel" aria-labelledby="help-pay">
        <h2 id="help-pay">{t('help.howToPay')}</h2>
        <ol>
          {steps.map((key) => (
            <li>{t(key)}</li>
          ))}
        </ol>
      </section>
      <section class="panel" aria-labelledby="help-phones">
        <h2 id="help-phones">{t('help.phones')}</h2>
        <ul class="support-list">
          {SUPPORT_PHONES.map((phone) => (
            <li>
              {t(phone.key)} <a href={`tel:${phone.tel}`}>{phone.display}</a>
            </li>
          ))}
        </ul>
        <p>{t('help.hours', { hours: t('footer.hours') })}</p>
      </section>
      <section class="panel" aria-labelledby="help-contact">
        <h2 id="help-contact">{t('help.notFound')}</h2>
        <p>
          <a href={CONTACT_PATH}>{t('help.contact')}</a>
          {t('help.contactRest')}
        </p>
      </section>
      <FeedbackBox page={props.page} pageKey="area.help" thanked={props.feedbackThanked} />
    </Layout>
  );
}
