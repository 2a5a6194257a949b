import type { SdiStatus } from '../../../db/schema.ts';
import { csvAmountDecimalComma } from '../../../shared/csv.ts';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import {
  addresseeOf,
  DOCUMENT_KINDS,
  fiscalIdsOf,
  InvoiceFilters,
  type InvoiceListRow,
  listInvoices,
  SDI_STATUSES,
} from './invoices-list.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';

export const BACKOFFICE_INVOICES_PATH = '/fatture';

/** One document's page: its transmissions, the SdI's notifications, "Ritrasmetti al SdI". */
export function invoicePath(id: number): string {
  return `${BACKOFFICE_INVOICES_PATH}/${id}`;
}

/** A document's number, linked to its page. */
export function InvoiceLink(props: { id: number; number: string }): SafeHtml {
  return <a href={invoicePath(props.id)}>{props.number}</a>;
}

const SDI_TONE = { pending: 'wait', sent: 'wait', delivered: 'ok', rejected: 'warn' } as const satisfies Record<
  SdiStatus,
  string
>;

export function SdiBadge(props: { status: SdiStatus; i18n: I18n }): SafeHtml {
  return <StatusBadge tone={SDI_TONE[props.status]} label={props.i18n.t(`invoice.sdi.${props.status}`)} />;
}

/** "PDF" and "XML" of one document, named for a screen reader by its number. */
export function DocumentLinks(props: { id: number; number: string }): SafeHtml {
  return (
    <>
      <a href={`${BACKOFFICE_INVOICES_PATH}/${props.id}/pdf`} aria-label={`PDF ${props.number}`} download="">
        PDF
      </a>{' '}
      <a href={`${BACKOFFICE_INVOICES_PATH}/${props.id}/xml`} aria-label={`XML ${props.number}`} download="">
        XML
      </a>
    </>
  );
}

/**
 * "Fatture": every invoice and credit note, filtered by issue period, SdI state and kind. The CSV is for the
 * accountant, in the form an Italian spreadsheet opens as it is: semicolons, amounts with a decimal comma.
 */
export const invoicesList: ListDefinition<InvoiceFilters, InvoiceListRow> = {
  path: BACKOFFICE_INVOICES_PATH,
  csvName: 'fatture',
  title: 'bo.invoices.title',
  filters: InvoiceFilters,
  fields: [
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
    {
      kind: 'select',
      name: 'sdi',
      label: 'bo.invoices.field.sdi',
      options: SDI_STATUSES.map((status) => ({ value: status, label: `invoice.sdi.${status}` as const })),
    },
    {
      kind: 'select',
      name: 'kind',
      label: 'bo.invoices.field.kind',
      options: DOCUMENT_KINDS.map((kind) => ({ value: kind, label: `invoice.kind.${kind}` as const })),
    },
  ],
  load: listInvoices,
  columns: [
    { label: 'bo.invoices.col.number', cell: (row) => <InvoiceLink id={row.id} number={row.number} /> },
    { label: 'bo.invoices.col.date', cell: (row, i18n) => i18n.date(row.issue_date) },
    {
      label: 'bo.invoices.col.kind',
      cell: (row, i18n) =>
        row.document.relatedInvoice
          ? `${i18n.t(`invoice.kind.${row.kind}`)} (${row.document.relatedInvoice.number})`
          : i18n.t(`invoice.kind.${row.kind}`),
    },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    { label: 'bo.invoices.col.sdi', cell: (row, i18n) => <SdiBadge status={row.sdi_status} i18n={i18n} /> },
    { label: 'bo.lists.col.total', cell: (row, i18n) => i18n.money(row.total_cents), numeric: true },
    {
      label: 'bo.invoices.col.files',
      cell: (row) => <DocumentLinks id={row.id} number={row.number} />,
    },
  ],
  csv: {
    separator: ';',
    header: [
      'numero',
      'data',
      'tipo',
      'fattura_collegata',
      'cliente',
      'codice_fiscale',
      'partita_iva',
      'imponibile',
      'iva',
      'totale',
      'stato_sdi',
    ],
    record: (row) => {
      const ids = fiscalIdsOf(row.document);
      return [
        row.number,
        italianDate(row.issue_date),
        row.kind === 'invoice' ? 'TD01' : 'TD04',
        row.document.relatedInvoice?.number ?? null,
        addresseeOf(row.document),
        ids.taxCode,
        ids.vatNumber,
        csvAmountDecimalComma(row.document.netCents),
        csvAmountDecimalComma(row.document.vatCents),
        csvAmountDecimalComma(row.document.totalCents),
        row.sdi_status,
      ];
    },
  },
};

/** 2026-12-03 → 03/12/2026: the date an Italian spreadsheet reads as a date. */
function italianDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

export const invoicesListRoutes = listRoute(invoicesList);
