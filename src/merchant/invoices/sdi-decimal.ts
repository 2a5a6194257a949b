/**
 * FatturaPA decimals ("1200.00", "0.33333333") as exact integers of 10⁻⁸, for a sandbox SdI's arithmetic checks
 * (line totals, summaries): the schema allows at most eight decimals, so BigInt at that scale never rounds.
 */
export const SCALE = 100_000_000n;

/** "12.34" → 1 234 000 000n; undefined for anything that is not a plain decimal with at most eight decimals. */
export function parseDecimal(text: string | undefined): bigint | undefined {
  const match = /^(-?)(\d+)(?:\.(\d{1,8}))?$/u.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const value = BigInt(whole) * SCALE + BigInt(fraction.padEnd(8, '0'));
  return sign ? -value : value;
}

/** a × b of two scaled values, back at the same scale, rounded half away from zero. */
export function multiply(a: bigint, b: bigint): bigint {
  const product = a * b;
  const half = SCALE / 2n;
  return product >= 0n ? (product + half) / SCALE : -((-product + half) / SCALE);
}

export function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** A scaled value as euros with two decimals, for a message ("960.00"). */
export function formatScaled(value: bigint): string {
  const cents = multiply(value, 100n);
  const sign = cents < 0n ? '-' : '';
  const absolute = abs(cents);
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}

/** Euros with two decimals at the scale: cents(1) is 0.01. */
export function cents(count: number): bigint {
  return BigInt(count) * (SCALE / 100n);
}
