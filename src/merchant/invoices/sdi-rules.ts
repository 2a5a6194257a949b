import { create } from 'xmlbuilder2';
import { validateFatturaPa } from './fatturapa-validate.ts';
import { abs, cents, formatScaled, multiply, parseDecimal, SCALE } from './sdi-decimal.ts';
import { isItalianVatNumber, isTaxCode } from './sdi-identifiers.ts';

/**
 * The checks a sandbox SdI runs on a file it receives, in the SdI's order — the file name, the schema, then the
 * content, then uniqueness — each failure with the SdI's own code and wording, so that a notifica di scarto from the
 * sandbox reads like one from the real system.
 *
 * Codes and texts: the Agenzia delle Entrate's list of checks published with the "Specifiche tecniche del formato
 * FatturaPA" (version 1.7.1 for schema 1.2.2; the 0000x codes on file names are in the "Specifiche tecniche
 * relative al Sistema di Interscambio"). The PDFs could not be read from the development machine: the codes and
 * wording were taken from the table reproduced in the public repository bibe74/StudioRivadossi.InvoiceXML
 * (Data/XMLCodifiche.CodiceErroreSDI_Data.sql) and from Italian software vendors' guides to the same codes. The
 * tolerances (a cent on a line's total and on a summary's tax, a euro on a summary's taxable amount, for rounding)
 * are the ones the specifications describe; confirm them against the PDF before relying on the sandbox's verdicts
 * at the edge.
 *
 * Not checked here, because a sandbox cannot: signatures (001xx), the registry lookups (codes existing and active in
 * the Anagrafe Tributaria or in IPA: 00311, 00312, 00398, 00399), and the many rules for document types and blocks
 * Cassa never writes (ritenute, cassa previdenziale, bollo, TD16–TD28).
 */
export interface SdiRejection {
  /** The SdI's five-digit code, e.g. "00423". */
  code: string;
  message: string;
}

export interface SdiReceivedFile {
  fileName: string;
  xml: string;
  /** The day the SdI received the file, YYYY-MM-DD in Europe/Rome (00403 compares the invoice's date with it). */
  receivedOn: string;
}

/** What the SdI has already accepted: file names (00002) and invoices, by `invoiceKey` (00404). */
export interface SdiHistory {
  fileNames: ReadonlySet<string>;
  invoiceKeys: ReadonlySet<string>;
}

export type SdiVerdict = { accepted: true; invoiceKeys: string[] } | { accepted: false; errors: SdiRejection[] };

/** More format errors than this and the SdI stops listing them: one 00201 instead. */
const MAX_FORMAT_ERRORS = 50;

export async function checkSdiFile(file: SdiReceivedFile, history: SdiHistory): Promise<SdiVerdict> {
  const nameErrors = checkFileName(file.fileName, history);
  if (nameErrors.length > 0) return { accepted: false, errors: nameErrors };
  const schema = await validateFatturaPa(file.xml);
  if (!schema.valid) {
    return schema.errors.length > MAX_FORMAT_ERRORS
      ? { accepted: false, errors: [{ code: '00201', message: 'riscontrati più di 50 errori di formato' }] }
      : {
          accepted: false,
          errors: schema.errors.map((error) => ({ code: '00200', message: `file non conforme al formato: ${error}` })),
        };
  }
  const invoice = parse(file.xml);
  const errors = [
    ...transmitterErrors(invoice, file.fileName),
    ...partyErrors(invoice),
    ...invoice.bodies.flatMap((body) => bodyErrors(body, file.receivedOn)),
  ];
  const keys = invoice.bodies.map((body) => invoiceKey(invoice, body));
  for (const key of keys) {
    if (history.invoiceKeys.has(key))
      errors.push({ code: '00404', message: `fattura duplicata (${key.split('|').slice(1).join(' ')})` });
  }
  return errors.length > 0 ? { accepted: false, errors } : { accepted: true, invoiceKeys: keys };
}

// "IT01234567897_Fpq7X.xml": country, the transmitter's code, "_", one to five of [a-zA-Z0-9], the extension.
const FILE_NAME = /^[A-Z]{2}[A-Za-z0-9]{1,28}_[A-Za-z0-9]{1,5}\.(xml|xml\.p7m)$/u;

function checkFileName(fileName: string, history: SdiHistory): SdiRejection[] {
  if (!FILE_NAME.test(fileName)) return [{ code: '00001', message: `nome file non valido: ${fileName}` }];
  if (history.fileNames.has(fileName)) return [{ code: '00002', message: `nome file duplicato: ${fileName}` }];
  return [];
}

/** An element of the parsed file: text, or children by name (a repeated child is an array). */
type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

interface ParsedInvoice {
  header: XmlNode;
  bodies: XmlNode[];
}

function parse(xml: string): ParsedInvoice {
  const document = create(xml).end({ format: 'object' }) as Record<string, XmlNode>;
  const root = Object.values(document)[0];
  return { header: child(root, 'FatturaElettronicaHeader') ?? {}, bodies: children(root, 'FatturaElettronicaBody') };
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = children(current, name)[0];
  return current;
}

function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const found = child(node, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** What makes an invoice the same invoice to the SdI: its supplier, type, year and number. */
function invoiceKey(invoice: ParsedInvoice, body: XmlNode): string {
  const supplier = child(invoice.header, 'CedentePrestatore', 'DatiAnagrafici', 'IdFiscaleIVA');
  const document = child(body, 'DatiGenerali', 'DatiGeneraliDocumento');
  return [
    `${text(supplier, 'IdPaese')}${text(supplier, 'IdCodice')}`,
    text(document, 'TipoDocumento'),
    text(document, 'Data')?.slice(0, 4),
    text(document, 'Numero'),
  ].join('|');
}

function transmitterErrors(invoice: ParsedInvoice, fileName: string): SdiRejection[] {
  const transmission = child(invoice.header, 'DatiTrasmissione');
  const country = text(transmission, 'IdTrasmittente', 'IdPaese');
  const code = text(transmission, 'IdTrasmittente', 'IdCodice') ?? '';
  const errors: SdiRejection[] = [];
  if (country === 'IT' && !isItalianVatNumber(code) && !isTaxCode(code))
    errors.push({ code: '00300', message: `1.1.1.2 <IdCodice> non valido: ${code}` });
  if (!fileName.startsWith(`${country}${code}_`))
    errors.push({ code: '00001', message: `nome file non valido: non inizia con ${country}${code}_` });
  const format = text(transmission, 'FormatoTrasmissione');
  const recipient = text(transmission, 'CodiceDestinatario') ?? '';
  if ((format === 'FPA12' && recipient.length !== 6) || (format === 'FPR12' && recipient.length !== 7))
    errors.push({
      code: '00427',
      message: `1.1.4 <CodiceDestinatario> di ${recipient.length} caratteri a fronte di 1.1.3 <FormatoTrasmissione> con valore ${format}`,
    });
  const pec = text(transmission, 'PECDestinatario');
  // Since 2019 "0000000" without a PEC is allowed (the invoice waits in the customer's area); a PEC with a code is not.
  if (pec !== undefined && recipient !== '0000000')
    errors.push({
      code: '00426',
      message:
        '1.1.6 <PECDestinatario> valorizzato a fronte di 1.1.4 <CodiceDestinatario> con valore diverso da 0000000',
    });
  return errors;
}

function partyErrors(invoice: ParsedInvoice): SdiRejection[] {
  const errors: SdiRejection[] = [];
  const supplier = child(invoice.header, 'CedentePrestatore', 'DatiAnagrafici');
  if (text(supplier, 'IdFiscaleIVA', 'IdPaese') === 'IT') {
    const code = text(supplier, 'IdFiscaleIVA', 'IdCodice') ?? '';
    if (!isItalianVatNumber(code)) errors.push({ code: '00301', message: `1.2.1.1.2 <IdCodice> non valido: ${code}` });
  }
  const supplierTaxCode = text(supplier, 'CodiceFiscale');
  if (supplierTaxCode !== undefined && !isTaxCode(supplierTaxCode))
    errors.push({ code: '00302', message: `1.2.1.2 <CodiceFiscale> non valido: ${supplierTaxCode}` });
  const customer = child(invoice.header, 'CessionarioCommittente', 'DatiAnagrafici');
  const customerVat = child(customer, 'IdFiscaleIVA');
  const customerTaxCode = text(customer, 'CodiceFiscale');
  if (customerVat === undefined && customerTaxCode === undefined)
    errors.push({
      code: '00417',
      message:
        '1.4.1.1 <IdFiscaleIVA> e 1.4.1.2 <CodiceFiscale> non valorizzati (almeno uno dei due deve essere valorizzato)',
    });
  if (text(customerVat, 'IdPaese') === 'IT') {
    const code = text(customerVat, 'IdCodice') ?? '';
    if (!isItalianVatNumber(code)) errors.push({ code: '00305', message: `1.4.1.1.2 <IdCodice> non valido: ${code}` });
  }
  if (customerTaxCode !== undefined && !isTaxCode(customerTaxCode))
    errors.push({ code: '00306', message: `1.4.1.2 <CodiceFiscale> non valido: ${customerTaxCode}` });
  return errors;
}

function bodyErrors(body: XmlNode, receivedOn: string): SdiRejection[] {
  const errors: SdiRejection[] = [];
  const document = child(body, 'DatiGenerali', 'DatiGeneraliDocumento');
  const date = text(document, 'Data') ?? '';
  if (date > receivedOn)
    errors.push({
      code: '00403',
      message: `2.1.1.3 <Data> successiva alla data di ricezione (${date} > ${receivedOn})`,
    });
  for (const related of children(child(body, 'DatiGenerali'), 'DatiFattureCollegate')) {
    const relatedDate = text(related, 'Data');
    if (relatedDate !== undefined && date < relatedDate)
      errors.push({ code: '00418', message: `2.1.1.3 <Data> antecedente a 2.1.6.3 <Data> (${date} < ${relatedDate})` });
  }
  if (!/\d/u.test(text(document, 'Numero') ?? ''))
    errors.push({ code: '00425', message: '2.1.1.4 <Numero> non contenente caratteri numerici' });
  const goods = child(body, 'DatiBeniServizi');
  const lines = children(goods, 'DettaglioLinee');
  for (const line of lines) errors.push(...lineErrors(line));
  errors.push(...summaryErrors(lines, children(goods, 'DatiRiepilogo')));
  return errors;
}

function lineErrors(line: XmlNode): SdiRejection[] {
  const errors: SdiRejection[] = [];
  const number = text(line, 'NumeroLinea');
  const rate = parseDecimal(text(line, 'AliquotaIVA')) ?? 0n;
  const nature = text(line, 'Natura');
  if (rate === 0n && nature === undefined)
    errors.push({
      code: '00400',
      message: `2.2.1.14 <Natura> non presente a fronte di 2.2.1.12 <AliquotaIVA> pari a zero (linea ${number})`,
    });
  if (rate !== 0n && nature !== undefined)
    errors.push({
      code: '00401',
      message: `2.2.1.14 <Natura> presente a fronte di 2.2.1.12 <AliquotaIVA> diversa da zero (linea ${number})`,
    });
  // PrezzoTotale = (PrezzoUnitario ± each ScontoMaggiorazione in turn) × Quantita (1 when absent), to the cent.
  let price = parseDecimal(text(line, 'PrezzoUnitario')) ?? 0n;
  for (const adjustment of children(line, 'ScontoMaggiorazione')) {
    const sign = text(adjustment, 'Tipo') === 'SC' ? -1n : 1n;
    const amount = parseDecimal(text(adjustment, 'Importo'));
    const percent = parseDecimal(text(adjustment, 'Percentuale'));
    if (amount !== undefined) price += sign * amount;
    else if (percent !== undefined) price += sign * multiply(price, percent / 100n);
  }
  const quantity = parseDecimal(text(line, 'Quantita')) ?? SCALE;
  const expected = multiply(price, quantity);
  const total = parseDecimal(text(line, 'PrezzoTotale')) ?? 0n;
  if (abs(expected - total) > cents(1))
    errors.push({
      code: '00423',
      message: `2.2.1.11 <PrezzoTotale> non calcolato secondo le regole definite nelle specifiche tecniche (linea ${number}: ${formatScaled(total)} invece di ${formatScaled(expected)})`,
    });
  return errors;
}

function summaryErrors(lines: XmlNode[], rows: XmlNode[]): SdiRejection[] {
  const errors: SdiRejection[] = [];
  const rowKey = (node: XmlNode) => `${text(node, 'AliquotaIVA')}|${text(node, 'Natura') ?? ''}`;
  const linesTaxable = new Map<string, bigint>();
  for (const line of lines) {
    const key = rowKey(line);
    linesTaxable.set(key, (linesTaxable.get(key) ?? 0n) + (parseDecimal(text(line, 'PrezzoTotale')) ?? 0n));
  }
  const summarized = new Set(rows.map(rowKey));
  for (const key of linesTaxable.keys()) {
    if (!summarized.has(key))
      errors.push({
        code: '00419',
        message: `2.2.2 <DatiRiepilogo> non presente in corrispondenza di almeno un valore di 2.2.1.12 <AliquotaIVA> (${key.split('|')[0]})`,
      });
  }
  for (const row of rows) {
    const rate = parseDecimal(text(row, 'AliquotaIVA')) ?? 0n;
    const nature = text(row, 'Natura');
    if (rate === 0n && nature === undefined)
      errors.push({
        code: '00429',
        message: '2.2.2.2 <Natura> non presente a fronte di 2.2.2.1 <AliquotaIVA> pari a zero',
      });
    if (rate !== 0n && nature !== undefined)
      errors.push({
        code: '00430',
        message: '2.2.2.2 <Natura> presente a fronte di 2.2.2.1 <AliquotaIVA> diversa da zero',
      });
    const taxable = parseDecimal(text(row, 'ImponibileImporto')) ?? 0n;
    const fromLines = linesTaxable.get(rowKey(row)) ?? 0n;
    if (abs(taxable - fromLines) > cents(100))
      errors.push({
        code: '00422',
        message: `2.2.2.5 <ImponibileImporto> non calcolato secondo le regole definite nelle specifiche tecniche (${formatScaled(taxable)} invece di ${formatScaled(fromLines)})`,
      });
    const tax = parseDecimal(text(row, 'Imposta')) ?? 0n;
    const expectedTax = multiply(taxable, rate / 100n);
    if (abs(tax - expectedTax) > cents(1))
      errors.push({
        code: '00421',
        message: `2.2.2.6 <Imposta> non calcolato secondo le regole definite nelle specifiche tecniche (${formatScaled(tax)} invece di ${formatScaled(expectedTax)})`,
      });
  }
  return errors;
}
