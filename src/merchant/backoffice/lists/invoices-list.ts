import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  FiscalDocumentKindColumn as FiscalDocumentKind,
  MerchantDatabase,
  SdiStatus,
} from '../../../db/schema.ts';
import type { FiscalDocument } from '../../invoices/invoice-document.ts';
import { enumParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey } from './list-query.ts';

export const SDI_STATUSES = ['pending', 'sent', 'delivered', 'rejected'] as const satisfies readonly SdiStatus[];
export const DOCUMENT_KINDS = ['invoice', 'credit_note'] as const satisfies readonly FiscalDocumentKind[];

export const InvoiceFilters = withDayRange({
  sdi: enumParam(SDI_STATUSES).optional(),
  kind: enumParam(DOCUMENT_KINDS).optional(),
});
export type InvoiceFilters = z.infer<typeof InvoiceFilters>;

export interface InvoiceListRow {
  id: number;
  cursor_key: string;
  number: string;
  issue_date: string;
  kind: FiscalDocumentKind;
  sdi_status: SdiStatus;
  needs_billing_data: boolean;
  customer_id: number;
  customer_name: string;
  total_cents: number;
  document: FiscalDocument;
}

/**
 * Invoices and credit notes newest first by issue date (an accountant's period is of issue dates, both included,
 * not instants: the document's date is already the business day), through fiscal_documents_issued_idx, or its
 * SdI-state twin for the filter that finds the discarded ones.
 */
export function invoicesListQuery(db: Kysely<MerchantDatabase>, filters: InvoiceFilters, page: ListPage) {
  return db
    .selectFrom('fiscal_documents as f')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select([
      'f.id',
      cursorKey('f.issue_date', 'date').as('cursor_key'),
      'f.number',
      'f.issue_date',
      'f.kind',
      'f.sdi_status',
      'f.needs_billing_data',
      'f.customer_id',
      'c.name as customer_name',
      'f.total_cents',
      'f.document',
    ])
    .where(afterCursor('f.issue_date', 'f.id', 'desc', 'date', page.after))
    .$if(filters.sdi !== undefined, (q) => q.where('f.sdi_status', '=', filters.sdi as SdiStatus))
    .$if(filters.kind !== undefined, (q) => q.where('f.kind', '=', filters.kind as FiscalDocumentKind))
    .$if(filters.from !== undefined, (q) => q.where('f.issue_date', '>=', filters.from as string))
    .$if(filters.to !== undefined, (q) => q.where('f.issue_date', '<=', filters.to as string))
    .orderBy('f.issue_date', 'desc')
    .orderBy('f.id', 'desc')
    .limit(page.limit);
}

export async function listInvoices({ db }: ListContext, filters: InvoiceFilters, page: ListPage) {
  const rows = await invoicesListQuery(db, filters, page).execute();
  return rows.map((row) => ({ ...row, document: row.document as unknown as FiscalDocument })) as InvoiceListRow[];
}

/** The customer's codice fiscale and partita IVA as the document was made out (either may be absent). */
export function fiscalIdsOf(doc: FiscalDocument): { taxCode: string | null; vatNumber: string | null } {
  const customer = doc.customer;
  return {
    taxCode: customer.taxCode ?? null,
    vatNumber: 'vatNumber' in customer ? (customer.vatNumber ?? null) : null,
  };
}

/** Who the document is made out to: the denominazione, or a person's first and last name. */
export function addresseeOf(doc: FiscalDocument): string {
  const customer = doc.customer;
  return customer.kind === 'person' ? `${customer.firstName} ${customer.lastName}` : customer.name;
}
