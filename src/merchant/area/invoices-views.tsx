import type { FiscalDocumentRow } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { formatMoney } from '../../shared/money.ts';
import { documentOf } from '../invoices/fiscal-document-repository.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import { BILLING_PATH } from './billing-views.tsx';

export const INVOICES_PATH = '/fatture';

/** "Fatture": the signed-in customer's invoices and credit notes, newest first, each with its PDF and its XML. */
export function InvoicesPage(props: { page: PageContext; rows: readonly FiscalDocumentRow[] }): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  const needsBillingData = props.rows.some((row) => row.needs_billing_data);
  const rejected = props.rows.some((row) => row.sdi_status === 'rejected');
  return (
    <Layout {...props.page} title={t('invoices.title')}>
      <h1>{t('invoices.title')}</h1>
      <p class="lead">{t('invoices.intro')}</p>
      {needsBillingData && (
        <p class="notice">
          {t('invoices.needsBillingData')} <a href={BILLING_PATH}>{t('nav.billing')}</a>.
        </p>
      )}
      {rejected && (
        <p class="notice notice-warn">
          {t('invoices.rejected')} <a href={BILLING_PATH}>{t('nav.billing')}</a>. {t('invoices.rejectedThen')}
        </p>
      )}
      {props.rows.length === 0 ? (
        <p class="panel">{t('invoices.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="visually-hidden">{t('invoices.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invoices.number')}</th>
                <th scope="col">{t('invoices.date')}</th>
                <th scope="col">{t('invoices.kind')}</th>
                <th scope="col">{t('invoices.order')}</th>
                <th scope="col">{t('invoices.amount')}</th>
                <th scope="col">{t('invoices.sdi')}</th>
                <th scope="col">{t('invoices.files')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => {
                const doc = documentOf(row);
                const names = { kind: t(`invoice.kindLower.${row.kind}`), number: row.number };
                return (
                  <tr>
                    <td data-label={t('invoices.number')}>{row.number}</td>
                    <td data-label={t('invoices.date')}>{i18n.date(row.issue_date)}</td>
                    <td data-label={t('invoices.kind')}>
                      {t(`invoice.kind.${row.kind}`)}
                      {doc.relatedInvoice && <> {t('invoices.corrects', { number: doc.relatedInvoice.number })}</>}
                    </td>
                    <td data-label={t('invoices.order')}>{doc.orderNumber}</td>
                    <td data-label={t('invoices.amount')}>{formatMoney(row.total_cents, i18n.locale)}</td>
                    <td data-label={t('invoices.sdi')}>{t(`invoice.sdi.${row.sdi_status}`)}</td>
                    <td data-label={t('invoices.files')}>
                      <a href={`${INVOICES_PATH}/${row.id}/pdf`} aria-label={t('invoices.pdfOf', names)} download>
                        PDF
                      </a>{' '}
                      <a href={`${INVOICES_PATH}/${row.id}/xml`} aria-label={t('invoices.xmlOf', names)} download>
                        XML
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
