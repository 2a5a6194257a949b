/**
 * Values as the FatturaPA schema writes them, from Cassa's integers: amounts from cents and rates from basis points
 * as decimals with a point and two digits ("1234.56", "22.00"), and free text cut to the Latin-1 characters and
 * lengths the schema allows. Integer arithmetic only: a float never touches an amount.
 */

/** Cents as "12.34" (FatturaPA `Amount2DecimalType`; also valid where eight decimals are allowed). */
export function decimalFromCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be an integer of cents, not ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A VAT rate in basis points as "22.00" (FatturaPA `RateType`): basis points are hundredths of a percent. */
export function rateFromBasisPoints(bp: number): string {
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) throw new RangeError(`VAT rate out of range: ${bp}`);
  return decimalFromCents(bp);
}

/** A whole quantity as "1.00" (FatturaPA `QuantitaType` wants two to eight decimals). */
export function decimalQuantity(quantity: number): string {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`quantity must be a positive integer`);
  return `${quantity}.00`;
}

/**
 * `cents / divisor` in euros with up to eight decimals (FatturaPA `Amount8DecimalType`), rounded half-up at the
 * eighth, trailing zeros dropped down to two: the per-unit discount of a line whose discount does not divide by its
 * quantity. BigInt keeps it exact whatever the size.
 */
export function decimalFromCentsDividedBy(cents: number, divisor: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError('amount must be a non-negative integer of cents');
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError('divisor must be a positive integer');
  // Units of 10⁻⁸ euro: cents × 10⁶ / divisor, rounded half-up.
  const scaled = (BigInt(cents) * 2_000_000n + BigInt(divisor)) / (2n * BigInt(divisor));
  const whole = scaled / 100_000_000n;
  const fraction = (scaled % 100_000_000n)
    .toString()
    .padStart(8, '0')
    .replace(/0{1,6}$/u, '');
  return `${whole}.${fraction}`;
}

// Typographic characters people paste into names and descriptions, outside Latin-1: their plain equivalents.
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u20AC': 'EUR',
  '\u2022': '*',
};

/**
 * Free text for a `String…LatinType` element: whitespace (tabs, new lines) collapsed to single spaces, composed
 * accents kept (è, à are Latin-1), typographic quotes and dashes made plain, anything else outside Latin-1 made "?",
 * then cut to `max` characters. The schema's pattern is `[\p{IsBasicLatin}\p{IsLatin-1Supplement}]{1,max}`.
 */
export function latinText(value: string, max: number): string {
  const plain = [...value.normalize('NFC').replace(/\s+/gu, ' ').trim()]
    .map((char) => REPLACEMENTS[char] ?? (isLatin1Printable(char) ? char : '?'))
    .join('');
  return plain.slice(0, max).trimEnd();
}

function isLatin1Printable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // C0 controls are not even valid XML 1.0 characters.
  return code >= 0x20 && code <= 0xff;
}

/** Text cut into pieces of at most `max` characters, for an element the schema repeats (`Causale`). */
export function latinTextPieces(value: string, max: number): string[] {
  const text = latinText(value, Number.MAX_SAFE_INTEGER);
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += max) pieces.push(text.slice(start, start + max));
  return pieces;
}
