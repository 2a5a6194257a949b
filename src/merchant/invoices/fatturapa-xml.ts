import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import {
  decimalFromCents,
  decimalFromCentsDividedBy,
  decimalQuantity,
  latinText,
  latinTextPieces,
  rateFromBasisPoints,
} from './fatturapa-values.ts';
import type {
  CustomerFiscalData,
  FiscalAddress,
  FiscalDocument,
  FiscalDocumentLine,
  ProviderFiscalData,
  VatSummaryRow,
} from './invoice-document.ts';

/**
 * A `FiscalDocument` as the FatturaPA file the SdI receives (schema 1.2.2, vendored in vendor/fatturapa): the root
 * `p:FatturaElettronica` in the FatturaPA namespace, its children unqualified, as the Agenzia's samples write it.
 * The builder only writes what the document holds; whether the file is acceptable is the schema's say
 * (`validateFatturaPa`), so a document the schema refuses is reported, never silently "fixed" here.
 */
const NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';
const SIGNATURE_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
/** CodiceDestinatario when the file goes to a PEC address, or to the customer's fiscal drawer (no code, no PEC). */
const NO_RECIPIENT_CODE = '0000000';
/** CodiceDestinatario of a customer established abroad (the SdI's rule for non-Italian customers). */
const FOREIGN_RECIPIENT_CODE = 'XXXXXXX';

export function buildFatturaPaXml(doc: FiscalDocument): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NAMESPACE, 'p:FatturaElettronica', {
    versione: doc.transmissionFormat,
    SistemaEmittente: 'Cassa',
    'xmlns:ds': SIGNATURE_NAMESPACE,
  });
  const header = root.ele('FatturaElettronicaHeader');
  transmission(header.ele('DatiTrasmissione'), doc);
  provider(header.ele('CedentePrestatore'), doc.provider);
  customer(header.ele('CessionarioCommittente'), doc.customer);
  const body = root.ele('FatturaElettronicaBody');
  general(body.ele('DatiGenerali'), doc);
  const goods = body.ele('DatiBeniServizi');
  for (const line of doc.lines) detailLine(goods.ele('DettaglioLinee'), line);
  for (const row of doc.vatSummary) summaryRow(goods.ele('DatiRiepilogo'), row);
  payment(body.ele('DatiPagamento'), doc);
  return root.end({ prettyPrint: true });
}

function transmission(node: XMLBuilder, doc: FiscalDocument): void {
  // The provider transmits its own files: the transmitter is the provider, by its partita IVA (the same identifier
  // the file name starts with).
  fiscalId(node.ele('IdTrasmittente'), doc.provider.vatNumber);
  node.ele('ProgressivoInvio').txt(doc.transmissionId);
  node.ele('FormatoTrasmissione').txt(doc.transmissionFormat);
  const { code, pec } = recipient(doc.customer);
  node.ele('CodiceDestinatario').txt(code);
  if (pec) node.ele('PECDestinatario').txt(pec);
}

/**
 * Where the SdI delivers the file: the public administration's office code; a private customer's codice
 * destinatario; otherwise "0000000", with the PEC when there is one (without either, the SdI leaves the invoice in
 * the customer's area of the Agenzia's portal). A PEC is only written with "0000000": the SdI ignores it otherwise.
 */
function recipient(party: CustomerFiscalData): { code: string; pec?: string } {
  if (party.kind === 'public_administration') return { code: party.officeCode };
  if (party.address.country !== 'IT') return { code: FOREIGN_RECIPIENT_CODE };
  if (party.recipientCode && party.recipientCode !== NO_RECIPIENT_CODE) return { code: party.recipientCode };
  return party.pec ? { code: NO_RECIPIENT_CODE, pec: party.pec } : { code: NO_RECIPIENT_CODE };
}

function provider(node: XMLBuilder, party: ProviderFiscalData): void {
  const data = node.ele('DatiAnagrafici');
  fiscalId(data.ele('IdFiscaleIVA'), party.vatNumber);
  data.ele('CodiceFiscale').txt(party.taxCode);
  data.ele('Anagrafica').ele('Denominazione').txt(latinText(party.name, 80));
  data.ele('RegimeFiscale').txt(party.taxRegime);
  address(node.ele('Sede'), party.address);
  if (party.rea) {
    const rea = node.ele('IscrizioneREA');
    rea.ele('Ufficio').txt(party.rea.office);
    rea.ele('NumeroREA').txt(latinText(party.rea.number, 20));
    if (party.rea.shareCapitalCents !== undefined)
      rea.ele('CapitaleSociale').txt(decimalFromCents(party.rea.shareCapitalCents));
    if (party.rea.shareholders) rea.ele('SocioUnico').txt(party.rea.shareholders);
    rea.ele('StatoLiquidazione').txt(party.rea.liquidation);
  }
}

function customer(node: XMLBuilder, party: CustomerFiscalData): void {
  const data = node.ele('DatiAnagrafici');
  if (party.kind === 'person') {
    data.ele('CodiceFiscale').txt(party.taxCode);
    const name = data.ele('Anagrafica');
    name.ele('Nome').txt(latinText(party.firstName, 60));
    name.ele('Cognome').txt(latinText(party.lastName, 60));
  } else {
    const vatNumber = party.vatNumber;
    if (vatNumber) fiscalId(data.ele('IdFiscaleIVA'), vatNumber);
    if (party.taxCode) data.ele('CodiceFiscale').txt(party.taxCode);
    data.ele('Anagrafica').ele('Denominazione').txt(latinText(party.name, 80));
  }
  address(node.ele('Sede'), party.address);
}

function fiscalId(node: XMLBuilder, vatNumber: string): void {
  // Partite IVA in FiscalDocument are Italian and stored without their "IT" prefix.
  node.ele('IdPaese').txt('IT');
  node.ele('IdCodice').txt(vatNumber);
}

function address(node: XMLBuilder, place: FiscalAddress): void {
  node.ele('Indirizzo').txt(latinText(place.street, 60));
  node.ele('CAP').txt(place.postalCode);
  node.ele('Comune').txt(latinText(place.city, 60));
  if (place.province) node.ele('Provincia').txt(place.province);
  node.ele('Nazione').txt(place.country);
}

function general(node: XMLBuilder, doc: FiscalDocument): void {
  const document = node.ele('DatiGeneraliDocumento');
  document.ele('TipoDocumento').txt(doc.kind === 'invoice' ? 'TD01' : 'TD04');
  document.ele('Divisa').txt(doc.currency);
  document.ele('Data').txt(doc.issueDate);
  document.ele('Numero').txt(doc.number);
  document.ele('ImportoTotaleDocumento').txt(decimalFromCents(doc.totalCents));
  // Causale is at most 200 characters per element; the schema lets it repeat for a longer text.
  for (const piece of latinTextPieces(reason(doc), 200)) document.ele('Causale').txt(piece);
  if (doc.kind === 'credit_note') {
    if (!doc.relatedInvoice) throw new Error(`credit note ${doc.number} does not say which invoice it corrects`);
    const related = node.ele('DatiFattureCollegate');
    related.ele('IdDocumento').txt(doc.relatedInvoice.number);
    related.ele('Data').txt(doc.relatedInvoice.issueDate);
  }
}

/** The fiscal documents are Italian whatever the customer's locale: the courtesy copy is the translated one. */
function reason(doc: FiscalDocument): string {
  return doc.kind === 'invoice'
    ? `Ordine ${doc.orderNumber}`
    : `Storno della fattura ${doc.relatedInvoice?.number ?? ''} - ordine ${doc.orderNumber}`;
}

function detailLine(node: XMLBuilder, line: FiscalDocumentLine): void {
  node.ele('NumeroLinea').txt(String(line.number));
  node.ele('Descrizione').txt(latinText(line.description, 1000));
  node.ele('Quantita').txt(decimalQuantity(line.quantity));
  node.ele('PrezzoUnitario').txt(decimalFromCents(line.unitPriceCents));
  if (line.discountCents > 0) {
    // A line's ScontoMaggiorazione applies to its unit price (the SdI checks PrezzoTotale against
    // (PrezzoUnitario − Importo) × Quantita): the line's discount per unit, with up to eight decimals.
    const discount = node.ele('ScontoMaggiorazione');
    discount.ele('Tipo').txt('SC');
    discount.ele('Importo').txt(decimalFromCentsDividedBy(line.discountCents, line.quantity));
  }
  node.ele('PrezzoTotale').txt(decimalFromCents(line.netCents));
  node.ele('AliquotaIVA').txt(rateFromBasisPoints(line.vatRateBp));
  if (line.vatRateBp === 0) node.ele('Natura').txt(nature(line.vatNature, `line ${line.number}`));
}

function summaryRow(node: XMLBuilder, row: VatSummaryRow): void {
  node.ele('AliquotaIVA').txt(rateFromBasisPoints(row.vatRateBp));
  if (row.vatRateBp === 0) node.ele('Natura').txt(nature(row.vatNature, 'a VAT summary row'));
  node.ele('ImponibileImporto').txt(decimalFromCents(row.taxableCents));
  node.ele('Imposta').txt(decimalFromCents(row.vatCents));
  node.ele('EsigibilitaIVA').txt(row.vatChargeability);
}

/** Without VAT a line must say why (its Natura): a document that does not cannot be sent, so it is not built. */
function nature(code: string | undefined, where: string): string {
  if (!code) throw new Error(`${where} has a 0 % VAT rate without its nature (Natura N1…N7)`);
  return code;
}

function payment(node: XMLBuilder, doc: FiscalDocument): void {
  node.ele('CondizioniPagamento').txt(doc.payment.terms);
  const detail = node.ele('DettaglioPagamento');
  detail.ele('ModalitaPagamento').txt(doc.payment.method);
  // Paid by card before the invoice is issued: the payment was due, and made, on the day it was received.
  detail.ele('DataScadenzaPagamento').txt(doc.payment.paidOn);
  detail.ele('ImportoPagamento').txt(decimalFromCents(doc.payment.amountCents));
}

/**
 * The file's name as the SdI requires it: `IT` + the transmitter's partita IVA + `_` + a "progressivo univoco del
 * file" of one to five characters from [a-zA-Z0-9], unique among the transmitter's files (a name the SdI has already
 * received is discarded, 00002).
 *
 * It is derived from the document's ProgressivoInvio (`transmissionId`), which the numbering writes as the series,
 * two digits of the year and the six-digit number of the document in that series and year (`A26000123`,
 * `NC26000007`). Those three are one number, ((year × 9) + the series' place in FILE_SERIES) × 1 000 000 + number,
 * at most 899 999 999, written in base 62 (0-9, A-Z, a-z) and left-padded with "0" to five characters:
 * `A26000123` → `Fpq7X`, one name per document for every two-digit year and up to nine series, never two documents
 * for one name. Base 62 is what fits (36⁵ would not hold a century of two series); the SdI tells names apart by case,
 * so does Cassa, but a copy of many files into a folder that ignores case could merge two of them.
 */
export function fatturaPaFileName(doc: FiscalDocument): string {
  const match = /^([A-Z]{1,2})(\d{2})(\d{6})$/u.exec(doc.transmissionId);
  const seriesIndex = match ? FILE_SERIES.indexOf(match[1] as (typeof FILE_SERIES)[number]) : -1;
  if (!match || seriesIndex < 0)
    throw new RangeError(`transmissionId "${doc.transmissionId}" is not a known series, year and number`);
  const counter = (Number(match[2]) * MAX_SERIES + seriesIndex) * 1_000_000 + Number(match[3]);
  return `IT${doc.provider.vatNumber}_${base62(counter).padStart(5, '0')}.xml`;
}

/**
 * The file name of a document sent again (after a scarto, or a file the channel refused): the SdI refuses a name it
 * has received, so each resend takes the next of the names no first file can have. First files use the progressivi
 * 0 … 899 999 999 (a hundred two-digit years × 9 series × a million numbers); resends take 900 000 000 onwards, the
 * `resend`-th (from 1, the fiscal_resend_file_seq sequence) being 900 000 000 + resend − 1, up to the 16 132 832 that
 * fit in five base-62 characters. A counter per document cannot be appended instead: five characters leave no room.
 */
export function fatturaPaResendFileName(provider: { vatNumber: string }, resend: number): string {
  if (!Number.isInteger(resend) || resend < 1 || resend > RESEND_NAMES)
    throw new RangeError(`resend ${resend} is outside the ${RESEND_NAMES} file names kept for resends`);
  return `IT${provider.vatNumber}_${base62(FIRST_RESEND + resend - 1).padStart(5, '0')}.xml`;
}

/** The series of fiscal documents, in the order they were given file names: append only, never reorder or remove. */
const FILE_SERIES = ['A', 'NC'] as const;
/** Room for series in the file names' numbering: 100 years × 9 series × a million documents fit in 62⁵. */
const MAX_SERIES = 9;
const FIRST_RESEND = 100 * MAX_SERIES * 1_000_000;
const RESEND_NAMES = 62 ** 5 - FIRST_RESEND;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: number): string {
  let rest = value;
  let digits = '';
  do {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return digits;
}
