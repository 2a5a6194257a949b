import type { Transaction } from 'kysely';
import type { MerchantDatabase, Refund } from '../../db/schema.ts';
import { businessDate, businessYear } from '../../shared/business-time.ts';
import {
  documentOf,
  findInvoiceOfOrder,
  type IssuedDocument,
  insertNumberedDocument,
  type UnnumberedDocument,
} from './fiscal-document-repository.ts';
import type { FiscalDocument, FiscalDocumentLine, ProviderFiscalData, VatSummaryRow } from './invoice-document.ts';
import { enqueueFirstTransmission } from './issue-invoice.ts';

type Trx = Transaction<MerchantDatabase>;

export interface CreditNoteOfRefund {
  provider: ProviderFiscalData;
  refund: Refund;
  at: Date;
  timeZone: string;
}

/**
 * The nota di credito (TD04) of a refund that succeeded, issued in the transaction that records it (apply-refund.ts):
 * series NC, the refunded amount, linked to the order's invoice (DatiFattureCollegate). An order paid before Cassa
 * issued invoices has none to correct: no credit note then (`undefined`). One credit note per refund, by a unique
 * index. Its transmission to the SdI is enqueued with it, as an invoice's.
 */
export async function issueCreditNote(trx: Trx, input: CreditNoteOfRefund): Promise<IssuedDocument | undefined> {
  const invoiceRow = await findInvoiceOfOrder(trx, Number(input.refund.order_id));
  if (!invoiceRow) return undefined;
  const invoice = documentOf(invoiceRow);
  const issued = await insertNumberedDocument(trx, {
    document: buildCreditNote(invoice, input),
    year: businessYear(input.at, input.timeZone),
    orderId: Number(input.refund.order_id),
    refundId: Number(input.refund.id),
    customerId: invoiceRow.customer_id,
    needsBillingData: invoiceRow.needs_billing_data,
    at: input.at,
  });
  await enqueueFirstTransmission(trx, issued, input.at);
  return issued;
}

/**
 * The credit note's amounts: the refund is what went back to the card, VAT included. A refund of the whole invoice
 * mirrors its VAT summary exactly; a partial one is split over the invoice's rates in proportion to each rate's
 * total (largest remainder, so the cents add up), and each rate's share into net and VAT (net = share ÷ (1 + rate),
 * rounded half-up; VAT the rest), so the credit note's total is the refunded amount to the cent. One line per rate:
 * "Storno totale/parziale fattura <number>".
 */
export function buildCreditNote(
  invoice: FiscalDocument,
  input: { provider: ProviderFiscalData; refund: Refund; at: Date; timeZone: string },
): UnnumberedDocument {
  const amount = input.refund.amount_cents;
  const whole = amount === invoice.totalCents;
  const summary = whole ? invoice.vatSummary.map((row) => ({ ...row })) : splitByRate(invoice.vatSummary, amount);
  const label = `Storno ${whole ? 'totale' : 'parziale'} fattura ${invoice.number}`;
  const lines: FiscalDocumentLine[] = summary.map((row, index) => ({
    number: index + 1,
    description: summary.length > 1 ? `${label} (IVA ${row.vatRateBp / 100}%)` : label,
    quantity: 1,
    unitPriceCents: row.taxableCents,
    discountCents: 0,
    netCents: row.taxableCents,
    vatRateBp: row.vatRateBp,
    ...(row.vatNature ? { vatNature: row.vatNature } : {}),
  }));
  const netCents = summary.reduce((sum, row) => sum + row.taxableCents, 0);
  const vatCents = summary.reduce((sum, row) => sum + row.vatCents, 0);
  const refundedOn = businessDate(input.at, input.timeZone);
  return {
    kind: 'credit_note',
    issueDate: refundedOn,
    transmissionFormat: invoice.transmissionFormat,
    currency: 'EUR',
    provider: input.provider,
    customer: invoice.customer,
    lines,
    vatSummary: summary,
    netCents,
    vatCents,
    totalCents: netCents + vatCents,
    orderNumber: invoice.orderNumber,
    payment: {
      method: 'MP08',
      terms: 'TP02',
      amountCents: amount,
      paidOn: refundedOn,
      ...(invoice.payment.cardLabel ? { cardLabel: invoice.payment.cardLabel } : {}),
    },
    relatedInvoice: { number: invoice.number, issueDate: invoice.issueDate },
    locale: invoice.locale,
  };
}

function splitByRate(rows: readonly VatSummaryRow[], amountCents: number): VatSummaryRow[] {
  const totals = rows.map((row) => row.taxableCents + row.vatCents);
  const whole = totals.reduce((sum, total) => sum + total, 0);
  if (whole <= 0) throw new RangeError('an invoice with nothing to refund');
  const exact = totals.map((total) => (amountCents * total) / whole);
  const shares = exact.map(Math.floor);
  let left = amountCents - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact.map((value, index) => ({ index, rest: value - Math.floor(value) }));
  byRemainder.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index] = (shares[index] as number) + 1;
    left--;
  }
  return rows
    .map((row, index) => {
      const gross = shares[index] as number;
      const taxable = Math.floor((gross * 10_000 * 2 + (10_000 + row.vatRateBp)) / (2 * (10_000 + row.vatRateBp)));
      return { ...row, taxableCents: taxable, vatCents: gross - taxable };
    })
    .filter((row) => row.taxableCents + row.vatCents > 0);
}
