/**
 * Money is integer cents of one currency; never a float.
 *
 * VAT rule (documented in the README): VAT is computed once per order line as net × rate, rounded half-up to the
 * cent (a half cent goes up), and the order's VAT is the sum of its lines' VAT. Rates are basis points (2200 = 22%),
 * so the computation stays in integers.
 */

export type Currency = 'EUR';

export interface Money {
  cents: number;
  currency: Currency;
}

export interface LineAmounts {
  netCents: number;
  vatCents: number;
  totalCents: number;
}

export function assertCents(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer of cents`);
}

/** VAT of a net amount at a rate in basis points, rounded half-up to the cent. */
export function vatCents(netCents: number, rateBp: number): number {
  assertCents(netCents, 'net');
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) throw new RangeError('VAT rate out of range');
  return Math.floor((netCents * rateBp + 5_000) / 10_000);
}

/**
 * A share of an amount in basis points (2000 = 20%), rounded half-up to the cent like VAT: the discount of a
 * percentage promotion on a line's gross.
 */
export function percentOfCents(cents: number, bp: number): number {
  assertCents(cents);
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) throw new RangeError('percentage out of range');
  return Math.floor((cents * bp + 5_000) / 10_000);
}

/**
 * A line's amounts after a discount off its gross (quantity × unit price): VAT on the discounted net, by the same
 * rule as every line.
 */
export function discountedLineAmounts(
  quantity: number,
  unitPriceCents: number,
  discountCents: number,
  rateBp: number,
): LineAmounts {
  const gross = lineAmounts(quantity, unitPriceCents, rateBp).netCents;
  assertCents(discountCents, 'discount');
  if (discountCents > gross) throw new RangeError('a discount cannot exceed the line');
  const netCents = gross - discountCents;
  const vat = vatCents(netCents, rateBp);
  return { netCents, vatCents: vat, totalCents: netCents + vat };
}

export function lineAmounts(quantity: number, unitPriceCents: number, rateBp: number): LineAmounts {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError('quantity must be a positive integer');
  const netCents = quantity * unitPriceCents;
  const vat = vatCents(netCents, rateBp);
  return { netCents, vatCents: vat, totalCents: netCents + vat };
}

export function sumAmounts(lines: readonly LineAmounts[]): LineAmounts {
  return lines.reduce(
    (sum, line) => ({
      netCents: sum.netCents + line.netCents,
      vatCents: sum.vatCents + line.vatCents,
      totalCents: sum.totalCents + line.totalCents,
    }),
    { netCents: 0, vatCents: 0, totalCents: 0 },
  );
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "€ 48,80" in Italian, "€48.80" in English. */
export function formatMoney(cents: number, locale: 'it' | 'en', currency: Currency = 'EUR'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-IE', { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

/**
 * An amount in euros as a person types it into a form — `10,00`, `10`, `1.234,50`, `1.000`, `€ 10,5`, or English
 * `1,234.50` — as integer cents; null for anything else (letters, a sign, three decimals, mixed grouping). `1,000`
 * is refused: a comma is the Italian decimal separator, so it could be one euro as well as a thousand.
 */
export function parseEuroAmount(input: string): number | null {
  const text = input.trim().replace(/^€\s*|\s*€$/u, '');
  const match = /^(?:(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)|(\d+))(?:([.,])(\d{1,2}))?$/u.exec(text);
  if (!match) return null;
  const [, grouped, grouping, plain, decimal, fraction = ''] = match;
  if (grouping && (grouping === decimal || (grouping === ',' && !decimal))) return null;
  const whole = Number((grouped ?? plain ?? '').replace(/[.,]/gu, ''));
  const cents = whole * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as a form's amount field shows them, without a currency sign: `48,80` in Italian, `48.80` in English. */
export function formatEuroInput(cents: number, locale: 'it' | 'en'): string {
  assertCents(cents);
  const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return locale === 'it' ? text.replace('.', ',') : text;
}
