import { formatMoney } from '../../shared/money.ts';
import type { FiscalDocument } from './invoice-document.ts';

/** The courtesy copy's words, in the customer's language (the fiscal original, the XML, is always Italian). */
export interface CourtesyTexts {
  title: Record<FiscalDocument['kind'], string>;
  numberAndDate(number: string, date: string): string;
  order(orderNumber: string): string;
  corrects(number: string, date: string): string;
  customer: string;
  vatNumber: string;
  taxCode: string;
  rea: string;
  shareCapital: string;
  soleShareholder: string;
  moreShareholders: string;
  inLiquidation: string;
  recipientCode: string;
  pec: string;
  officeCode: string;
  columns: { description: string; quantity: string; unitPrice: string; discount: string; net: string; vat: string };
  summary: { title: string; rate: string; nature: string; taxable: string; tax: string; chargeability: string };
  chargeability: Record<'I' | 'D' | 'S', string>;
  totals: { net: string; vat: string; total: string; splitPayment: string; paid: string };
  payment: { title: string; method: string; terms: string; paidOn(date: string): string };
  courtesyCopy: string;
  money(cents: number): string;
  date(day: string): string;
}

function calendar(tag: string, options: Intl.DateTimeFormatOptions): (day: string) => string {
  // A 'YYYY-MM-DD' day is a calendar date, not an instant: formatted from its UTC midnight, so no zone can move it.
  const format = new Intl.DateTimeFormat(tag, { ...options, timeZone: 'UTC' });
  return (day) => format.format(new Date(`${day}T00:00:00Z`));
}

const IT: CourtesyTexts = {
  title: { invoice: 'Fattura', credit_note: 'Nota di credito' },
  numberAndDate: (number, date) => `n. ${number} del ${date}`,
  order: (orderNumber) => `Ordine ${orderNumber}`,
  corrects: (number, date) => `Storna la fattura n. ${number} del ${date}`,
  customer: 'Cliente',
  vatNumber: 'P.IVA',
  taxCode: 'C.F.',
  rea: 'REA',
  shareCapital: 'Capitale sociale',
  soleShareholder: 'socio unico',
  moreShareholders: 'più soci',
  inLiquidation: 'in liquidazione',
  recipientCode: 'Codice destinatario',
  pec: 'PEC',
  officeCode: 'Codice univoco ufficio',
  columns: {
    description: 'Descrizione',
    quantity: 'Q.tà',
    unitPrice: 'Prezzo unitario',
    discount: 'Sconto',
    net: 'Imponibile',
    vat: 'IVA',
  },
  summary: {
    title: 'Riepilogo IVA',
    rate: 'Aliquota',
    nature: 'Natura',
    taxable: 'Imponibile',
    tax: 'Imposta',
    chargeability: 'Esigibilità',
  },
  chargeability: { I: 'immediata', D: 'differita', S: 'scissione dei pagamenti' },
  totals: {
    net: 'Totale imponibile',
    vat: 'Totale IVA',
    total: 'Totale documento',
    splitPayment: 'IVA da versare a cura del cliente (scissione dei pagamenti, art. 17-ter D.P.R. 633/72)',
    paid: 'Importo pagato',
  },
  payment: {
    title: 'Pagamento',
    method: 'Carta di pagamento',
    terms: 'pagamento completo',
    paidOn: (date) => `pagato il ${date}`,
  },
  courtesyCopy: "Copia di cortesia — l'originale è il documento elettronico trasmesso al SdI",
  money: (cents) => formatMoney(cents, 'it'),
  date: calendar('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric' }),
};

const EN: CourtesyTexts = {
  title: { invoice: 'Invoice', credit_note: 'Credit note' },
  numberAndDate: (number, date) => `No. ${number} of ${date}`,
  order: (orderNumber) => `Order ${orderNumber}`,
  corrects: (number, date) => `Corrects invoice no. ${number} of ${date}`,
  customer: 'Customer',
  vatNumber: 'VAT no.',
  taxCode: 'Tax code',
  rea: 'REA',
  shareCapital: 'Share capital',
  soleShareholder: 'sole shareholder',
  moreShareholders: 'more shareholders',
  inLiquidation: 'in liquidation',
  recipientCode: 'Recipient code',
  pec: 'PEC',
  officeCode: 'Office code',
  columns: {
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    net: 'Taxable',
    vat: 'VAT',
  },
  summary: {
    title: 'VAT summary',
    rate: 'Rate',
    nature: 'Nature',
    taxable: 'Taxable',
    tax: 'VAT',
    chargeability: 'Chargeability',
  },
  chargeability: { I: 'immediate', D: 'deferred', S: 'split payment' },
  totals: {
    net: 'Total taxable',
    vat: 'Total VAT',
    total: 'Document total',
    splitPayment: 'VAT paid by the customer to the State (split payment, art. 17-ter D.P.R. 633/72)',
    paid: 'Amount paid',
  },
  payment: {
    title: 'Payment',
    method: 'Payment card',
    terms: 'paid in full',
    paidOn: (date) => `paid on ${date}`,
  },
  courtesyCopy: 'Courtesy copy — the original is the electronic document transmitted to the SdI',
  money: (cents) => formatMoney(cents, 'en'),
  date: calendar('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }),
};

export const COURTESY_TEXTS: Record<FiscalDocument['locale'], CourtesyTexts> = { it: IT, en: EN };
