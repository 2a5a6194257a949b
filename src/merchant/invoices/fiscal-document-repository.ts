import { type Kysely, sql, type Transaction } from 'kysely';
import type { FiscalDocumentRow, MerchantDatabase } from '../../db/schema.ts';
import type { FiscalDocument } from './invoice-document.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
type Trx = Transaction<MerchantDatabase>;

/** Invoices are series A, credit notes series NC (docs/invoices.md). */
export const SERIES = { invoice: 'A', credit_note: 'NC' } as const;

/** A document as built, before it has its number (the counter gives it in the same statement). */
export type UnnumberedDocument = Omit<FiscalDocument, 'number' | 'transmissionId'>;

export interface NewFiscalDocument {
  document: UnnumberedDocument;
  /** The business year of issue: the counter's year (the issue date's year). */
  year: number;
  orderId: number;
  refundId: number | null;
  customerId: number;
  needsBillingData: boolean;
  at: Date;
}

export interface IssuedDocument {
  row: FiscalDocumentRow;
  document: FiscalDocument;
}

/**
 * Issues a document with the next number of its series and year, in one statement: the counter row is incremented
 * (or created at 1) by insert-on-conflict-update, which holds its row lock until the caller's transaction ends, and
 * the document is inserted with that number — `YYYY/SERIES/NNNNNN` — and its transmission id (ProgressivoInvio:
 * series, two digits of the year, the six digits: `A26000123`, `NC26000007`), both written into the stored document
 * too. A concurrent issuer of the same series waits on the row and then takes the next number; a transaction that
 * rolls back undoes its increment, so numbers have no gaps. Six digits are a million documents a year per series:
 * the table's check refuses the next one rather than wrap.
 */
export async function insertNumberedDocument(trx: Trx, input: NewFiscalDocument): Promise<IssuedDocument> {
  const { document } = input;
  const series = SERIES[document.kind];
  const numberPrefix = `${input.year}/${series}/`;
  const transmissionPrefix = `${series}${String(input.year % 100).padStart(2, '0')}`;
  const result = await sql<FiscalDocumentRow>`
    with counter as (
      insert into fiscal_counters (series, year, last_number) values (${series}::text, ${input.year}::smallint, 1)
      on conflict (series, year) do update set last_number = fiscal_counters.last_number + 1
      returning last_number
    ), numbered as (
      select last_number as sequence,
        ${numberPrefix}::text || lpad(last_number::text, 6, '0') as number,
        ${transmissionPrefix}::text || lpad(last_number::text, 6, '0') as transmission_id
      from counter
    )
    insert into fiscal_documents (kind, series, year, sequence, number, issue_date, order_id, refund_id, customer_id,
      total_cents, document, transmission_id, needs_billing_data, created_at)
    select ${document.kind}::text, ${series}::text, ${input.year}::smallint, sequence, number,
      ${document.issueDate}::date, ${input.orderId}::bigint, ${input.refundId}::bigint, ${input.customerId}::bigint,
      ${document.totalCents}::integer,
      ${JSON.stringify(document)}::jsonb || jsonb_build_object('number', number, 'transmissionId', transmission_id),
      transmission_id, ${input.needsBillingData}::boolean, ${input.at}::timestamptz
    from numbered
    returning *`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error('a fiscal document was not inserted');
  return { row, document: documentOf(row) };
}

export function documentOf(row: Pick<FiscalDocumentRow, 'document'>): FiscalDocument {
  return row.document as unknown as FiscalDocument;
}

/** The invoice of an order (every refund reads it): on fiscal_documents_one_invoice_idx. */
export function invoiceOfOrderQuery(db: Db, orderId: number) {
  return db.selectFrom('fiscal_documents').selectAll().where('order_id', '=', orderId).where('kind', '=', 'invoice');
}

export async function findInvoiceOfOrder(db: Db, orderId: number): Promise<FiscalDocumentRow | undefined> {
  return invoiceOfOrderQuery(db, orderId).executeTakeFirst();
}

/** A customer's documents, newest first (Area Clienti "Fatture", the back office): on fiscal_documents_customer_idx. */
export function documentsOfCustomerQuery(db: Db, customerId: number) {
  return db
    .selectFrom('fiscal_documents')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('issue_date', 'desc')
    .orderBy('id', 'desc');
}

export async function listDocumentsOfCustomer(db: Db, customerId: number): Promise<FiscalDocumentRow[]> {
  return documentsOfCustomerQuery(db, customerId).execute();
}

/** One of a customer's documents: another customer's id finds nothing, as an unknown one does. */
export async function findDocumentOfCustomer(
  db: Db,
  customerId: number,
  id: number,
): Promise<FiscalDocumentRow | undefined> {
  return db
    .selectFrom('fiscal_documents')
    .selectAll()
    .where('id', '=', id)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

export interface FiscalDocumentFilter {
  customerId?: number | undefined;
  kind?: FiscalDocumentRow['kind'] | undefined;
  sdiStatus?: FiscalDocumentRow['sdi_status'] | undefined;
  /** Issue dates, YYYY-MM-DD, both inclusive (a period as an accountant says it: 1 to 30 November). */
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
}

/** Documents by the filters the back office and the API share, newest first by id; callers add limit or cursor. */
export function filteredDocumentsQuery(db: Db, filter: FiscalDocumentFilter) {
  let query = db.selectFrom('fiscal_documents').selectAll();
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.sdiStatus !== undefined) query = query.where('sdi_status', '=', filter.sdiStatus);
  if (filter.issuedFrom !== undefined) query = query.where('issue_date', '>=', filter.issuedFrom);
  if (filter.issuedTo !== undefined) query = query.where('issue_date', '<=', filter.issuedTo);
  return query.orderBy('id', 'desc');
}

export async function findDocumentById(db: Db, id: number): Promise<FiscalDocumentRow | undefined> {
  return db.selectFrom('fiscal_documents').selectAll().where('id', '=', id).executeTakeFirst();
}
