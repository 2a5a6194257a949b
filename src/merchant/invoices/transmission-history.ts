import type { Kysely, Selectable } from 'kysely';
import type {
  FiscalDocumentNotificationsTable,
  FiscalDocumentRow,
  FiscalDocumentTransmission,
  MerchantDatabase,
} from '../../db/schema.ts';
import { invoiceOfOrderQuery } from './fiscal-document-repository.ts';

export type FiscalDocumentNotification = Selectable<FiscalDocumentNotificationsTable>;

export interface DocumentHistory {
  document: FiscalDocumentRow;
  /** Its order's number and its customer's name, for the links of the page that shows it. */
  orderNumber: string;
  customerName: string;
  /** For a credit note: the id of the invoice it corrects (the invoice of the same order), for its link. */
  relatedInvoiceId: number | null;
  /** Every file handed (or to be handed) to the SdI, first attempt first. */
  transmissions: FiscalDocumentTransmission[];
  /** Every notification of the SdI about them, oldest first (an NS keeps its error codes). */
  notifications: FiscalDocumentNotification[];
}

/** A document with what was sent of it and what the SdI answered: the back office's page of one document. */
export async function loadDocumentHistory(db: Kysely<MerchantDatabase>, id: number): Promise<DocumentHistory | null> {
  const document = await db
    .selectFrom('fiscal_documents as f')
    .innerJoin('orders as o', 'o.id', 'f.order_id')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .selectAll('f')
    .select(['o.number as order_number', 'c.name as customer_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!document) return null;
  const { order_number: orderNumber, customer_name: customerName, ...row } = document;
  const [transmissions, notifications, related] = await Promise.all([
    db
      .selectFrom('fiscal_document_transmissions')
      .selectAll()
      .where('document_id', '=', id)
      .orderBy('attempt')
      .execute(),
    db
      .selectFrom('fiscal_document_notifications')
      .selectAll()
      .where('document_id', '=', id)
      .orderBy('issued_at')
      .orderBy('id')
      .execute(),
    row.kind === 'credit_note' ? invoiceOfOrderQuery(db, row.order_id).executeTakeFirst() : undefined,
  ]);
  return {
    document: row,
    orderNumber,
    customerName,
    relatedInvoiceId: related?.id ?? null,
    transmissions,
    notifications,
  };
}
