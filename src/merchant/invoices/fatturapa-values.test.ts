import { describe, expect, it } from 'vitest';
import {
  decimalFromCents,
  decimalFromCentsDividedBy,
  decimalQuantity,
  latinText,
  latinTextPieces,
  rateFromBasisPoints,
} from './fatturapa-values.ts';

describe('FatturaPA values', () => {
  it('writes cents as exact decimals with two digits', () => {
    expect(decimalFromCents(0)).toBe('0.00');
    expect(decimalFromCents(5)).toBe('0.05');
    expect(decimalFromCents(10)).toBe('0.10');
    expect(decimalFromCents(1_234_567)).toBe('12345.67');
    expect(decimalFromCents(-5)).toBe('-0.05');
    // 0.1 + 0.2 style drift is impossible: the largest safe cents are still exact.
    expect(decimalFromCents(9_007_199_254_740_991)).toBe('90071992547409.91');
    expect(() => decimalFromCents(1.5)).toThrow(RangeError);
  });

  it('writes basis points as a rate with two decimals', () => {
    expect(rateFromBasisPoints(2200)).toBe('22.00');
    expect(rateFromBasisPoints(450)).toBe('4.50');
    expect(rateFromBasisPoints(0)).toBe('0.00');
    expect(() => rateFromBasisPoints(10_001)).toThrow(RangeError);
  });

  it('writes a whole quantity with two decimals', () => {
    expect(decimalQuantity(3)).toBe('3.00');
    expect(() => decimalQuantity(0)).toThrow(RangeError);
  });

  it('divides cents into up to eight decimals, rounded half-up, trailing zeros dropped', () => {
    expect(decimalFromCentsDividedBy(100, 3)).toBe('0.33333333');
    expect(decimalFromCentsDividedBy(200, 3)).toBe('0.66666667');
    expect(decimalFromCentsDividedBy(100, 4)).toBe('0.25');
    expect(decimalFromCentsDividedBy(24_000, 1)).toBe('240.00');
    expect(decimalFromCentsDividedBy(1, 8)).toBe('0.00125');
  });

  it('keeps Latin-1 accents, makes typographic marks plain and cuts to the length', () => {
    expect(latinText('Città — “più” l’anno…', 100)).toBe('Città - "più" l\'anno...');
    expect(latinText('Prezzo 10 €', 100)).toBe('Prezzo 10 EUR');
    expect(latinText('  due\n\trighe  ', 100)).toBe('due righe');
    expect(latinText('emoji 🙂 e 漢字', 100)).toBe('emoji ? e ??');
    expect(latinText('e\u0301', 10)).toBe('é');
    expect(latinText('x'.repeat(1200), 1000)).toHaveLength(1000);
  });

  it('cuts a long text into pieces of the maximum length', () => {
    const pieces = latinTextPieces('a'.repeat(450), 200);
    expect(pieces.map((piece) => piece.length)).toEqual([200, 200, 50]);
  });
});
