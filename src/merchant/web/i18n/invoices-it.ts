/** "Fatture" in Area Clienti and the words of a fiscal document's kind and SdI state, in Italian. */
export const invoicesIt = {
  'nav.invoices': 'Fatture',
  'invoices.title': 'Fatture',
  'invoices.intro':
    'Le fatture dei tuoi pagamenti e le note di credito dei rimborsi, inviate al Sistema di Interscambio (SdI). Il PDF è una copia di cortesia; il file XML è la fattura elettronica.',
  'invoices.empty':
    'Non hai ancora fatture. Qui compariranno la fattura di ogni ordine pagato e la nota di credito di ogni rimborso, con la copia in PDF e il file XML.',
  'invoices.needsBillingData':
    'Alcune fatture sono intestate al tuo nome come privato perché mancavano i dati di fatturazione. Controlla i tuoi',
  'invoices.number': 'Numero',
  'invoices.date': 'Data',
  'invoices.kind': 'Tipo',
  'invoices.order': 'Ordine',
  'invoices.amount': 'Importo',
  'invoices.sdi': 'Stato SdI',
  'invoices.files': 'File',
  'invoices.pdfOf': 'copia PDF della {kind} {number}',
  'invoices.xmlOf': 'file XML della {kind} {number}',
  'invoices.corrects': 'della fattura {number}',
  'invoice.kind.invoice': 'Fattura',
  'invoice.kind.credit_note': 'Nota di credito',
  'invoice.kindLower.invoice': 'fattura',
  'invoice.kindLower.credit_note': 'nota di credito',
  'invoice.sdi.pending': 'In attesa',
  'invoice.sdi.sent': 'Inviata',
  'invoice.sdi.delivered': 'Consegnata',
  'invoice.sdi.rejected': 'Scartata',
  'bo.nav.invoices': 'Fatture',
  'bo.invoices.title': 'Fatture',
  'bo.invoices.field.sdi': 'Stato SdI',
  'bo.invoices.field.kind': 'Tipo',
  'bo.invoices.col.number': 'Numero',
  'bo.invoices.col.date': 'Data',
  'bo.invoices.col.kind': 'Tipo',
  'bo.invoices.col.sdi': 'Stato SdI',
  'bo.invoices.col.files': 'File',
  'bo.invoices.customerSection': 'Fatture',
  'bo.invoices.customerEmpty': 'Nessuna fattura né nota di credito per questo cliente.',
  'bo.invoices.needsBillingData': 'intestata senza dati di fatturazione',
} as const;

export type InvoicesKey = keyof typeof invoicesIt;
