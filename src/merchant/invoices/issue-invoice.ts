import type { Transaction } from 'kysely';
import type { Locale, MerchantDatabase, Order, OrderLine } from '../../db/schema.ts';
import { businessYear } from '../../shared/business-time.ts';
import { buildInvoice } from './build-invoice.ts';
import { type IssuedDocument, insertNumberedDocument } from './fiscal-document-repository.ts';
import type { CustomerFiscalData, ProviderFiscalData } from './invoice-document.ts';

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
 * order (a unique index): a second one for the same order fails the whole transaction rather than exist.
 */
export async function issueInvoice(trx: Trx, input: InvoiceOfPayment): Promise<IssuedDocument> {
  const { document, needsBillingData } = buildInvoice(input);
  return insertNumberedDocument(trx, {
    document,
    year: businessYear(input.payment.at, input.timeZone),
    orderId: input.order.id,
    refundId: null,
    customerId: input.customer.id,
    needsBillingData,
    at: input.payment.at,
  });
}
