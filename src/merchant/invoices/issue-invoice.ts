import type { Transaction } from 'kysely';
import type { Locale, MerchantDatabase, Order, OrderLine } from '../../db/schema.ts';
import { businessYear } from '../../shared/business-time.ts';
import { buildInvoice } from './build-invoice.ts';
import { type IssuedDocument, insertNumberedDocument } from './fiscal-document-repository.ts';
import type { CustomerFiscalData, ProviderFiscalData } from './invoice-document.ts';
import { enqueueTransmission } from './sdi-jobs.ts';

type Trx = Transaction<MerchantDatabase>;

export interface InvoiceOfPayment {
  provider: ProviderFiscalData;
  order: Order;
  lines: readonly OrderLine[];
  customer: { id: number; name: string; locale: Locale; fiscal: CustomerFiscalData | undefined };
  payment: { amountCents: number; at: Date; card: { brand: string; last4: string } };
  timeZone: string;
}

/**
 * The fattura of a paid order, issued in the transaction that pays it (markOrderPaid): built from what was paid and
 * numbered with the next number of series A for the business year of the payment. The database keeps one invoice per
 * order (a unique index): a second one for the same order fails the whole transaction rather than exist. Its
 * transmission to the SdI is enqueued with it (enqueueFirstTransmission).
 */
export async function issueInvoice(trx: Trx, input: InvoiceOfPayment): Promise<IssuedDocument> {
  const { document, needsBillingData } = buildInvoice(input);
  const issued = await insertNumberedDocument(trx, {
    document,
    year: businessYear(input.payment.at, input.timeZone),
    orderId: input.order.id,
    refundId: null,
    customerId: input.customer.id,
    needsBillingData,
    at: input.payment.at,
  });
  await enqueueFirstTransmission(trx, issued, input.payment.at);
  return issued;
}

/**
 * The `sdi.transmit` job of a document just issued, in its transaction: so a document exists if and only if its
 * transmission is due. One held back for want of the customer's billing data gets none yet: saving the data
 * enqueues it (save-billing-details.ts).
 */
export async function enqueueFirstTransmission(trx: Trx, issued: IssuedDocument, at: Date): Promise<void> {
  if (issued.row.needs_billing_data) return;
  await enqueueTransmission(trx, { documentId: issued.row.id, attempt: 1 }, at);
}
