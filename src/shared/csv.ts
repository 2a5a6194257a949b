/**
 * CSV as RFC 4180 writes it, for exports that a person opens in a spreadsheet: fields separated by commas, records by
 * CRLF, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled inside). A text that a spreadsheet
 * would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or CR) is prefixed with `'` so that it stays text:
 * a customer named `=HYPERLINK(…)` must not become a link in the provider's spreadsheet (OWASP "CSV injection").
 */

/** A number the code wrote itself (an amount with its two decimals): written as is, never neutralised. */
export interface CsvNumber {
  readonly csvNumber: string;
}

/** A field's value: text, a number, or nothing (an empty field). */
export type CsvValue = string | number | CsvNumber | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The field separator: a comma, or a semicolon for the files an Italian spreadsheet opens as they are (Excel in an
 * Italian locale splits on `;`, because its decimal separator is the comma: see `csvAmountDecimalComma`).
 */
export type CsvSeparator = ',' | ';';

/** One field, neutralised and quoted as needed. Numbers are the code's own (never user text), so never prefixed. */
export function csvField(value: CsvValue, separator: CsvSeparator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return value.csvNumber;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  const needsQuotes = text.includes(separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly CsvValue[], separator: CsvSeparator = ','): string {
  return `${values.map((value) => csvField(value, separator)).join(separator)}\r\n`;
}

/**
 * Integer cents as a decimal amount with a dot and two decimals (`1220` → `12.20`, `-5` → `-0.05`): what a
 * spreadsheet reads as a number in any locale's import dialog. A number of ours, so its minus sign is not "neutralised".
 */
export function csvAmount(cents: number): CsvNumber {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return { csvNumber: `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}` };
}

/** Integer cents with a decimal comma (`1220` → `12,20`), for semicolon-separated files: only ever with `;`. */
export function csvAmountDecimalComma(cents: number): CsvNumber {
  return { csvNumber: csvAmount(cents).csvNumber.replace('.', ',') };
}

/** An instant in ISO 8601 UTC (`2026-11-28T09:00:00.000Z`), or an empty field. */
export function csvInstant(instant: Date | null | undefined): string | null {
  return instant ? instant.toISOString() : null;
}

/**
 * The lines of a CSV document: the header, then each batch's records as it arrives, so that a large export is written
 * batch by batch and never held whole.
 */
export async function* csvLines<Row>(
  header: readonly string[],
  batches: AsyncIterable<readonly Row[]>,
  record: (row: Row) => readonly CsvValue[],
  separator: CsvSeparator = ',',
): AsyncGenerator<string> {
  yield csvRecord(header, separator);
  for await (const batch of batches) {
    if (batch.length > 0) yield batch.map((row) => csvRecord(record(row), separator)).join('');
  }
}
