import type { Kysely } from 'kysely';
import type { FiscalDocumentRow, MerchantDatabase } from '../../db/schema.ts';
import { renderCourtesyPdf } from './courtesy-pdf.ts';
import { documentOf, findInvoiceOfOrder } from './fiscal-document-repository.ts';

/** An attachment as nodemailer takes it. */
export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
}

/**
 * The courtesy copies an email carries, drawn when it is sent from the stored document (never stored twice): the
 * payment confirmation carries the order's fattura, a refund's email its nota di credito. Other emails, an order paid
 * before Cassa issued invoices, or a refund email written before credit notes named their refund, carry none.
 */
export async function fiscalAttachmentsOf(
  db: Kysely<MerchantDatabase>,
  email: { template: string; data: Record<string, unknown> },
): Promise<EmailAttachment[]> {
  const document = await documentOfEmail(db, email);
  if (!document) return [];
  return [
    {
      filename: courtesyPdfFileName(document),
      content: await renderCourtesyPdf(documentOf(document)),
      contentType: 'application/pdf',
    },
  ];
}

async function documentOfEmail(
  db: Kysely<MerchantDatabase>,
  { template, data }: { template: string; data: Record<string, unknown> },
): Promise<FiscalDocumentRow | undefined> {
  if (template === 'payment_confirmation' && typeof data.orderId === 'number') {
    return findInvoiceOfOrder(db, data.orderId);
  }
  if (template === 'order_refunded' && typeof data.refundId === 'number') {
    return db.selectFrom('fiscal_documents').selectAll().where('refund_id', '=', data.refundId).executeTakeFirst();
  }
  return undefined;
}

/** "Fattura 2026-A-000123.pdf", "Nota di credito 2026-NC-000007.pdf" (a file name has no slashes). */
export function courtesyPdfFileName(row: Pick<FiscalDocumentRow, 'kind' | 'number'>): string {
  const label = row.kind === 'invoice' ? 'Fattura' : 'Nota di credito';
  return `${label} ${row.number.replaceAll('/', '-')}.pdf`;
}
