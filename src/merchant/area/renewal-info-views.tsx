import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

const SECTIONS = [
  { id: 'what', title: 'renewalInfo.what.title', body: 'renewalInfo.what.body' },
  { id: 'products', title: 'renewalInfo.products.title', body: 'renewalInfo.products.body' },
  { id: 'when', title: 'renewalInfo.when.title', body: 'renewalInfo.when.body' },
  { id: 'on', title: 'renewalInfo.on.title', body: 'renewalInfo.on.body' },
  { id: 'off', title: 'renewalInfo.off.title', body: 'renewalInfo.off.body' },
] as const satisfies readonly { id: string; title: MessageKey; body: MessageKey }[];

/**
 * "Rinnovo automatico": the seed's "sezione dedicata" — what it is, for which products, when the charge happens
 * (RENEWAL_LEAD_DAYS before expiry), how to switch it on and off. Public: the card page and guests link here.
 */
export function RenewalInfoPage(props: { page: PageContext; leadDays: number }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <Layout {...props.page} title={t('renewalInfo.title')}>
      <article class="panel" aria-labelledby="renewal-info-title">
        <h1 id="renewal-info-title">{t('renewalInfo.title')}</h1>
        {SECTIONS.map((section) => (
          <section aria-labelledby={`renewal-info-${section.id}`}>
            <h2 id={`renewal-info-${section.id}`}>{t(section.title)}</h2>
            <p>{t(section.body, { days: props.leadDays })}</p>
          </section>
        ))}
        <p>
          {props.page.customer ? (
            <a class="button" href="/">
              {t('renewalInfo.services')}
            </a>
          ) : (
            <a class="button" href="/login">
              {t('renewalInfo.login')}
            </a>
          )}
        </p>
      </article>
    </Layout>
  );
}
