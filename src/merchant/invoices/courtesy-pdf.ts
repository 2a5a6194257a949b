import { COURTESY_TEXTS, type CourtesyTexts } from './courtesy-pdf-texts.ts';
import type { CustomerFiscalData, FiscalAddress, FiscalDocument, ProviderFiscalData } from './invoice-document.ts';

/**
 * The PDF courtesy copy of a fiscal document, in the customer's language: what a person reads, while the fiscal
 * original is the FatturaPA file sent to the SdI (the copy says so). Drawn with the PDF's built-in Helvetica, so no
 * font file ships; that font writes WinAnsi (Windows-1252) only, which has the Italian accents, the euro sign and
 * the dashes — any other character is replaced by "?" (`winAnsi`) rather than dropped silently.
 */
export async function renderCourtesyPdf(doc: FiscalDocument): Promise<Buffer> {
  // Loaded on first use: PDFKit and its fonts are a fifth of a second of every start-up (docs/performance.md).
  const { default: PDFDocument } = await import('pdfkit');
  const texts = COURTESY_TEXTS[doc.locale];
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: winAnsi(`${texts.title[doc.kind]} ${doc.number}`),
      Author: winAnsi(doc.provider.name),
      // The document's date rather than the moment of rendering: the same document renders to the same file.
      CreationDate: new Date(`${doc.issueDate}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const page = new Page(pdf);
  header(page, doc, texts);
  parties(page, doc, texts);
  linesTable(page, doc, texts);
  vatSummary(page, doc, texts);
  totals(page, doc, texts);
  payment(page, doc, texts);
  page.gap(16);
  page.line(texts.courtesyCopy, { bold: true, size: 9 });
  pdf.end();
  return done;
}

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;

/** A column of a table: where it starts, how wide it is, how its cells align. */
interface Column {
  x: number;
  width: number;
  align: 'left' | 'right';
}

/** The pen: a vertical position that moves down, onto a new page when the next block would not fit. */
class Page {
  y = MARGIN;
  constructor(readonly pdf: PDFKit.PDFDocument) {}

  line(text: string, options: { bold?: boolean; size?: number; x?: number; width?: number } = {}): void {
    const { bold = false, size = 9, x = MARGIN, width = WIDTH } = options;
    this.pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    const clean = winAnsi(text);
    this.room(this.pdf.heightOfString(clean, { width }));
    this.pdf.text(clean, x, this.y, { width });
    this.y = this.pdf.y;
  }

  row(cells: readonly string[], columns: readonly Column[], bold = false): void {
    this.pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    const clean = cells.map(winAnsi);
    const height = Math.max(
      ...clean.map((cell, i) => this.pdf.heightOfString(cell, { width: columns[i]?.width ?? WIDTH })),
    );
    this.room(height);
    clean.forEach((cell, i) => {
      const column = columns[i];
      if (column) this.pdf.text(cell, column.x, this.y, { width: column.width, align: column.align });
    });
    this.y += height + 3;
  }

  rule(): void {
    this.pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + WIDTH, this.y)
      .lineWidth(0.5)
      .stroke('#888888');
    this.y += 4;
  }

  gap(points: number): void {
    this.y += points;
  }

  private room(height: number): void {
    if (this.y + height > this.pdf.page.height - MARGIN) {
      this.pdf.addPage();
      this.y = MARGIN;
    }
  }
}

function header(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  const provider = doc.provider;
  page.line(provider.name, { bold: true, size: 15 });
  page.line(addressLine(provider.address));
  page.line(`${texts.vatNumber} IT${provider.vatNumber} · ${texts.taxCode} ${provider.taxCode}`);
  const rea = reaLine(provider, texts);
  if (rea) page.line(rea);
  const contacts = [provider.email, provider.phone, provider.iban ? `IBAN ${provider.iban}` : undefined];
  if (contacts.some(Boolean)) page.line(contacts.filter(Boolean).join(' · '));
  page.gap(14);
  page.line(`${texts.title[doc.kind]} ${texts.numberAndDate(doc.number, texts.date(doc.issueDate))}`, {
    bold: true,
    size: 13,
  });
  page.line(texts.order(doc.orderNumber), { size: 10 });
  if (doc.relatedInvoice)
    page.line(texts.corrects(doc.relatedInvoice.number, texts.date(doc.relatedInvoice.issueDate)), { size: 10 });
  page.gap(10);
}

function reaLine(provider: ProviderFiscalData, texts: CourtesyTexts): string | undefined {
  const rea = provider.rea;
  if (!rea) return undefined;
  const parts = [`${texts.rea} ${rea.office}-${rea.number}`];
  if (rea.shareCapitalCents !== undefined) parts.push(`${texts.shareCapital} ${texts.money(rea.shareCapitalCents)}`);
  if (rea.shareholders) parts.push(rea.shareholders === 'SU' ? texts.soleShareholder : texts.moreShareholders);
  if (rea.liquidation === 'LS') parts.push(texts.inLiquidation);
  return parts.join(' · ');
}

function parties(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  page.line(texts.customer, { bold: true, size: 10 });
  for (const line of customerLines(doc.customer, texts)) page.line(line);
  page.gap(12);
}

function customerLines(party: CustomerFiscalData, texts: CourtesyTexts): string[] {
  const ids: string[] = [];
  if (party.kind !== 'person' && party.vatNumber) ids.push(`${texts.vatNumber} IT${party.vatNumber}`);
  if (party.taxCode) ids.push(`${texts.taxCode} ${party.taxCode}`);
  const name = party.kind === 'person' ? `${party.firstName} ${party.lastName}` : party.name;
  const delivery =
    party.kind === 'public_administration'
      ? `${texts.officeCode} ${party.officeCode}`
      : party.recipientCode && party.recipientCode !== '0000000'
        ? `${texts.recipientCode} ${party.recipientCode}`
        : party.pec
          ? `${texts.pec} ${party.pec}`
          : undefined;
  // A consumer invoiced before giving billing data has no address or codice fiscale yet: no empty lines for them.
  return [name, addressLine(party.address), ids.join(' · '), delivery ?? ''].filter((line) => line.trim() !== '');
}

function addressLine(place: FiscalAddress): string {
  const city = [place.postalCode, place.city, place.province ? `(${place.province})` : undefined]
    .filter(Boolean)
    .join(' ');
  const country = place.country === 'IT' ? '' : ` - ${place.country}`;
  return [place.street, city].filter(Boolean).join(', ') + (place.street || city ? country : '');
}

const LINE_COLUMNS: readonly Column[] = columns([
  [180, 'left'],
  [30, 'right'],
  [65, 'right'],
  [55, 'right'],
  [75, 'right'],
  [50, 'right'],
]);

function linesTable(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  const c = texts.columns;
  page.row([c.description, c.quantity, c.unitPrice, c.discount, c.net, c.vat], LINE_COLUMNS, true);
  page.rule();
  for (const line of doc.lines) {
    page.row(
      [
        line.description,
        String(line.quantity),
        texts.money(line.unitPriceCents),
        line.discountCents > 0 ? texts.money(line.discountCents) : '',
        texts.money(line.netCents),
        rate(line.vatRateBp, line.vatNature),
      ],
      LINE_COLUMNS,
    );
  }
  page.rule();
  page.gap(8);
}

const SUMMARY_COLUMNS: readonly Column[] = columns([
  [70, 'left'],
  [60, 'left'],
  [100, 'right'],
  [100, 'right'],
  [140, 'right'],
]);

function vatSummary(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  const s = texts.summary;
  page.line(s.title, { bold: true, size: 10 });
  page.row([s.rate, s.nature, s.taxable, s.tax, s.chargeability], SUMMARY_COLUMNS, true);
  page.rule();
  for (const row of doc.vatSummary) {
    page.row(
      [
        rate(row.vatRateBp),
        row.vatNature ?? '',
        texts.money(row.taxableCents),
        texts.money(row.vatCents),
        texts.chargeability[row.vatChargeability],
      ],
      SUMMARY_COLUMNS,
    );
  }
  page.gap(8);
}

const TOTAL_COLUMNS: readonly Column[] = [
  { x: MARGIN, width: WIDTH - 110, align: 'right' },
  { x: MARGIN + WIDTH - 100, width: 100, align: 'right' },
];

function totals(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  const t = texts.totals;
  page.row([t.net, texts.money(doc.netCents)], TOTAL_COLUMNS);
  page.row([t.vat, texts.money(doc.vatCents)], TOTAL_COLUMNS);
  page.row([t.total, texts.money(doc.totalCents)], TOTAL_COLUMNS, true);
  if (doc.vatSummary.some((row) => row.vatChargeability === 'S')) {
    const splitVat = doc.vatSummary
      .filter((row) => row.vatChargeability === 'S')
      .reduce((sum, row) => sum + row.vatCents, 0);
    page.row([t.splitPayment, `- ${texts.money(splitVat)}`], TOTAL_COLUMNS);
    page.row([t.paid, texts.money(doc.payment.amountCents)], TOTAL_COLUMNS, true);
  }
  page.gap(10);
}

function payment(page: Page, doc: FiscalDocument, texts: CourtesyTexts): void {
  const p = texts.payment;
  page.line(p.title, { bold: true, size: 10 });
  const parts = [
    `${p.method} (${doc.payment.method})`,
    doc.payment.cardLabel,
    p.terms,
    p.paidOn(texts.date(doc.payment.paidOn)),
  ];
  page.line(`${parts.filter(Boolean).join(' · ')}: ${texts.money(doc.payment.amountCents)}`);
}

function rate(bp: number, nature?: string): string {
  const percent = `${Math.floor(bp / 100)}${bp % 100 ? `,${String(bp % 100).padStart(2, '0')}` : ''} %`;
  return nature ? `${percent} ${nature}` : percent;
}

function columns(widths: readonly (readonly [number, Column['align']])[]): Column[] {
  let x = MARGIN;
  return widths.map(([width, align]) => {
    const column = { x, width, align };
    x += width + 4;
    return column;
  });
}

// Windows-1252's characters above 0x7F that are not Latin-1 (0x80–0x9F), which the standard PDF fonts can draw.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the built-in Helvetica can draw: accents composed, other characters outside WinAnsi as "?". */
export function winAnsi(text: string): string {
  return [...text.normalize('NFC')]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return char;
      if (char === '\u202f') return '\u00a0';
      return WIN_ANSI_EXTRA.has(char) ? char : '?';
    })
    .join('');
}
