import type { InvoicesKey } from './invoices-it.ts';

/** "Fatture" in Area Clienti and the words of a fiscal document's kind and SdI state, in English. */
export const invoicesEn: Record<InvoicesKey, string> = {
  'nav.invoices': 'Invoices',
  'invoices.title': 'Invoices',
  'invoices.intro':
    'The invoices of your payments and the credit notes of your refunds, sent to the Italian Exchange System (SdI). The PDF is a courtesy copy; the XML file is the electronic invoice.',
  'invoices.empty':
    'You have no invoices yet. The invoice of every paid order and the credit note of every refund will appear here, with the PDF copy and the XML file.',
  'invoices.needsBillingData':
    'Some invoices are made out to you as a private person because your billing details were missing. Check your',
  'invoices.number': 'Number',
  'invoices.date': 'Date',
  'invoices.kind': 'Type',
  'invoices.order': 'Order',
  'invoices.amount': 'Amount',
  'invoices.sdi': 'SdI state',
  'invoices.files': 'Files',
  'invoices.pdfOf': 'PDF copy of {kind} {number}',
  'invoices.xmlOf': 'XML file of {kind} {number}',
  'invoices.corrects': 'of invoice {number}',
  'invoice.kind.invoice': 'Invoice',
  'invoice.kind.credit_note': 'Credit note',
  'invoice.kindLower.invoice': 'invoice',
  'invoice.kindLower.credit_note': 'credit note',
  'invoice.sdi.pending': 'Pending',
  'invoice.sdi.sent': 'Sent',
  'invoice.sdi.delivered': 'Delivered',
  'invoice.sdi.rejected': 'Rejected',
  'bo.nav.invoices': 'Invoices',
  'bo.invoices.title': 'Invoices',
  'bo.invoices.field.sdi': 'SdI state',
  'bo.invoices.field.kind': 'Type',
  'bo.invoices.col.number': 'Number',
  'bo.invoices.col.date': 'Date',
  'bo.invoices.col.kind': 'Type',
  'bo.invoices.col.sdi': 'SdI state',
  'bo.invoices.col.files': 'Files',
  'bo.invoices.customerSection': 'Invoices',
  'bo.invoices.customerEmpty': 'No invoices or credit notes for this customer.',
  'bo.invoices.needsBillingData': 'made out without billing details',
};
