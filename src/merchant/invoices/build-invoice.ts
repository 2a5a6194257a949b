import type { Locale, Order, OrderLine } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { cardLabel } from '../cards/card-display.ts';
import type { UnnumberedDocument } from './fiscal-document-repository.ts';
import type { CustomerFiscalData, FiscalDocumentLine, ProviderFiscalData, VatSummaryRow } from './invoice-document.ts';

export interface InvoiceInput {
  provider: ProviderFiscalData;
  order: Pick<Order, 'number' | 'net_cents' | 'vat_cents' | 'total_cents'>;
  lines: readonly OrderLine[];
  customer: { name: string; locale: Locale; fiscal: CustomerFiscalData | undefined };
  payment: { amountCents: number; at: Date; card: { brand: string; last4: string } };
  timeZone: string;
}

/** Codice destinatario of a consumer, or of a customer who receives by PEC or in their cassetto fiscale. */
export const NO_RECIPIENT_CODE = '0000000';

/**
 * The fattura (TD01) of a paid order, as it is issued: the order's lines and totals, the VAT summary by rate, the
 * payment (MP08 carta di pagamento, TP02 pagamento completo) on the day it was received in the business time zone,
 * which is also the issue date. A customer without "Dati di fatturazione" is billed as a consumer from their name
 * (docs/invoices.md): `needsBillingData` says so.
 */
export function buildInvoice(input: InvoiceInput): { document: UnnumberedDocument; needsBillingData: boolean } {
  const paidOn = businessDate(input.payment.at, input.timeZone);
  const customer = input.customer.fiscal ?? consumerOf(input.customer.name);
  const lines: FiscalDocumentLine[] = input.lines.map((line, index) => ({
    number: index + 1,
    description: line.description,
    quantity: line.quantity,
    unitPriceCents: line.unit_price_cents,
    discountCents: line.discount_cents,
    netCents: line.net_cents,
    vatRateBp: line.vat_rate_bp,
    ...(line.vat_nature ? { vatNature: line.vat_nature } : {}),
  }));
  return {
    needsBillingData: input.customer.fiscal === undefined,
    document: {
      kind: 'invoice',
      issueDate: paidOn,
      transmissionFormat: customer.kind === 'public_administration' ? 'FPA12' : 'FPR12',
      currency: 'EUR',
      provider: input.provider,
      customer,
      lines,
      vatSummary: vatSummaryOf(input.lines),
      netCents: input.order.net_cents,
      vatCents: input.order.vat_cents,
      totalCents: input.order.total_cents,
      orderNumber: input.order.number,
      payment: {
        method: 'MP08',
        terms: 'TP02',
        amountCents: input.payment.amountCents,
        paidOn,
        cardLabel: cardLabel(input.payment.card),
      },
      locale: input.customer.locale,
    },
  };
}

/**
 * One row per VAT rate and nature (FatturaPA wants a DatiRiepilogo per Natura at 0 %), in the order they first
 * appear: the lines' nets and the lines' VAT summed, so the summary adds up to the order's totals exactly (VAT is
 * rounded once per line, src/shared/money.ts). Chargeability is immediate: the card charge included the VAT, so
 * split payment does not apply.
 */
export function vatSummaryOf(
  lines: readonly (Pick<OrderLine, 'net_cents' | 'vat_cents' | 'vat_rate_bp'> & { vat_nature?: string | null })[],
) {
  const byRate = new Map<string, VatSummaryRow>();
  for (const line of lines) {
    const key = `${line.vat_rate_bp}:${line.vat_nature ?? ''}`;
    const row = byRate.get(key) ?? {
      vatRateBp: line.vat_rate_bp,
      ...(line.vat_nature ? { vatNature: line.vat_nature } : {}),
      taxableCents: 0,
      vatCents: 0,
      vatChargeability: 'I' as const,
    };
    row.taxableCents += line.net_cents;
    row.vatCents += line.vat_cents;
    byRate.set(key, row);
  }
  return [...byRate.values()];
}

/**
 * The customer as a consumer when they gave no billing data: their name (the last word as the surname), no codice
 * fiscale or address yet, codice destinatario 0000000 (the SdI leaves a consumer's invoice in their cassetto fiscale).
 */
export function consumerOf(name: string): CustomerFiscalData {
  const words = name.trim().split(/\s+/);
  // A one-word name is both: FatturaPA wants a Nome and a Cognome for a person.
  const lastName = words.at(-1) ?? '';
  const firstName = words.length > 1 ? words.slice(0, -1).join(' ') : lastName;
  return {
    kind: 'person',
    firstName,
    lastName,
    taxCode: '',
    address: { street: '', postalCode: '', city: '', country: 'IT' },
    recipientCode: NO_RECIPIENT_CODE,
  };
}
