import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { documentOf } from '../../invoices/fiscal-document-repository.ts';
import type { CustomerFiscalData } from '../../invoices/invoice-document.ts';
import { mayRetransmit } from '../../invoices/retransmit-document.ts';
import type { DocumentHistory, FiscalDocumentNotification } from '../../invoices/transmission-history.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { ActionLink, DoneNotice } from '../actions/action-views.tsx';
import { DataTable } from '../data-table.tsx';
import { DocumentLinks, invoicePath, SdiBadge } from '../lists/invoices-list-page.tsx';
import { CustomerLink, OrderLink } from '../lists/list-links.tsx';

const dash = '—';
const instant = (i18n: I18n, at: Date | null) =>
  at ? <time datetime={at.toISOString()}>{i18n.dateTimeOf(at)}</time> : dash;

/** Who a document is made out to and by which identifiers, as one line: what an operator compares after a scarto. */
export function addresseeLine(customer: CustomerFiscalData, { t }: I18n): string {
  const parts: string[] = [customer.kind === 'person' ? `${customer.firstName} ${customer.lastName}` : customer.name];
  if ('vatNumber' in customer && customer.vatNumber)
    parts.push(t('bo.invoice.vatNumber', { value: customer.vatNumber }));
  if (customer.taxCode) parts.push(t('bo.invoice.taxCode', { value: customer.taxCode }));
  if (customer.kind === 'public_administration') parts.push(t('bo.invoice.officeCode', { value: customer.officeCode }));
  else if (customer.pec) parts.push(t('bo.invoice.pec', { value: customer.pec }));
  else parts.push(t('bo.invoice.recipientCode', { value: customer.recipientCode ?? '0000000' }));
  return parts.join(' · ');
}

/** The SdI's last word on a discarded document: its notifica di scarto. */
function lastScarto(notifications: readonly FiscalDocumentNotification[]): FiscalDocumentNotification | undefined {
  return notifications.filter((notification) => notification.kind === 'NS').at(-1);
}

function ErrorList(props: { errors: FiscalDocumentNotification['errors'] }): SafeHtml {
  return (
    <ul class="bo-sdi-errors">
      {props.errors.map((error) => (
        <li>
          <code>{error.code}</code> {error.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * One invoice or credit note (issue 15, point 6): its facts, every file sent to the SdI and every notification the
 * SdI issued, and — when the SdI discarded it — the reason with its codes, what to do, and "Ritrasmetti al SdI" for
 * the roles that may.
 */
export function InvoicePage(props: { request: FastifyRequest; history: DocumentHistory }): SafeHtml {
  const { request, history } = props;
  const { i18n } = request;
  const { t } = i18n;
  const row = history.document;
  const doc = documentOf(row);
  const last = history.transmissions.at(-1);
  const scarto = row.sdi_status === 'rejected' ? lastScarto(history.notifications) : undefined;
  const canRetransmit = mayRetransmit(row.sdi_status, last?.outcome);
  return (
    <>
      <DoneNotice request={request} />
      <h1>{t('bo.invoice.title', { kind: t(`invoice.kind.${row.kind}`), number: row.number })}</h1>
      {scarto && (
        <section class="notice notice-warn" aria-labelledby="invoice-scarto">
          <h2 id="invoice-scarto">{t('bo.invoice.scarto', { date: i18n.dateTimeOf(scarto.issued_at) })}</h2>
          <ErrorList errors={scarto.errors} />
          <p>{t('bo.invoice.scartoWhatToDo')}</p>
        </section>
      )}
      {!scarto && canRetransmit && (
        <p class="notice notice-warn">{t('bo.invoice.fileFailed', { failure: last?.failure ?? dash })}</p>
      )}
      <section class="panel" aria-labelledby="invoice-facts">
        <h2 id="invoice-facts">{t('bo.invoice.facts')}</h2>
        <dl class="bo-facts">
          <dt>{t('bo.invoices.col.date')}</dt>
          <dd>{i18n.date(row.issue_date)}</dd>
          {doc.relatedInvoice && (
            <>
              <dt>{t('bo.invoice.corrects')}</dt>
              <dd>
                {history.relatedInvoiceId !== null ? (
                  <a href={invoicePath(history.relatedInvoiceId)}>{doc.relatedInvoice.number}</a>
                ) : (
                  doc.relatedInvoice.number
                )}
              </dd>
            </>
          )}
          <dt>{t('bo.lists.col.customer')}</dt>
          <dd>
            <CustomerLink id={row.customer_id} name={history.customerName} />
          </dd>
          <dt>{t('bo.invoice.addressee')}</dt>
          <dd>
            {addresseeLine(doc.customer, i18n)}
            {row.needs_billing_data && <> ({t('bo.invoices.needsBillingData')})</>}
          </dd>
          <dt>{t('bo.lists.col.order')}</dt>
          <dd>
            <OrderLink number={history.orderNumber} />
          </dd>
          <dt>{t('bo.lists.col.total')}</dt>
          <dd>{i18n.money(row.total_cents)}</dd>
          <dt>{t('bo.invoices.col.sdi')}</dt>
          <dd>
            <SdiBadge status={row.sdi_status} i18n={i18n} />
          </dd>
          <dt>{t('bo.invoices.col.files')}</dt>
          <dd>
            <DocumentLinks id={row.id} number={row.number} />
          </dd>
        </dl>
        {canRetransmit && (
          <p class="bo-actions">
            <ActionLink
              request={request}
              action="retransmit_invoice"
              href={`${invoicePath(row.id)}/ritrasmetti`}
              label={t('bo.retransmit.submit')}
            />
          </p>
        )}
      </section>
      <section class="panel" aria-labelledby="invoice-transmissions">
        <h2 id="invoice-transmissions">{t('bo.invoice.transmissions')}</h2>
        {history.transmissions.length === 0 ? (
          <p>{t('bo.invoice.noTransmissions')}</p>
        ) : (
          <DataTable
            labelledBy="invoice-transmissions"
            head={[
              t('bo.invoice.col.attempt'),
              t('bo.invoice.col.file'),
              t('bo.invoice.col.sdiId'),
              t('bo.invoice.col.outcome'),
              t('bo.invoice.col.requestedBy'),
              t('bo.invoice.col.sent'),
            ]}
          >
            {history.transmissions.map((transmission) => (
              <tr>
                <td>{String(transmission.attempt)}</td>
                <td>
                  <code>{transmission.file_name}</code>
                </td>
                <td>{transmission.sdi_id ?? dash}</td>
                <td>
                  {t(`bo.invoice.outcome.${transmission.outcome}`)}
                  {transmission.failure && <> — {transmission.failure}</>}
                </td>
                <td>{transmission.requested_by === 'issue' ? t('bo.invoice.byIssue') : transmission.requested_by}</td>
                <td>{instant(i18n, transmission.sent_at)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section class="panel" aria-labelledby="invoice-notifications">
        <h2 id="invoice-notifications">{t('bo.invoice.notifications')}</h2>
        {history.notifications.length === 0 ? (
          <p>{t('bo.invoice.noNotifications')}</p>
        ) : (
          <DataTable
            labelledBy="invoice-notifications"
            head={[
              t('bo.invoice.col.issued'),
              t('bo.invoice.col.notification'),
              t('bo.invoice.col.file'),
              t('bo.invoice.col.errors'),
            ]}
          >
            {history.notifications.map((notification) => (
              <tr>
                <td>{instant(i18n, notification.issued_at)}</td>
                <td>{t(`bo.invoice.notification.${notification.kind}`)}</td>
                <td>
                  <code>{notification.file_name}</code>
                </td>
                <td>{notification.errors.length === 0 ? dash : <ErrorList errors={notification.errors} />}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
