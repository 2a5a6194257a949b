import { describe, expect, it } from 'vitest';
import {
  discountedLineAmounts,
  formatEuroInput,
  formatMoney,
  lineAmounts,
  parseEuroAmount,
  percentOfCents,
  sumAmounts,
  vatCents,
} from './money.ts';

describe('money', () => {
  it('rounds VAT half-up to the cent', () => {
    expect(vatCents(4000, 2200)).toBe(880);
    expect(vatCents(25, 2200)).toBe(6); // 5.5 → 6
    expect(vatCents(2, 2500)).toBe(1); // 0.5 → 1
    expect(vatCents(1, 2200)).toBe(0); // 0.22 → 0
    expect(vatCents(0, 2200)).toBe(0);
  });

  it('computes VAT per line and sums lines', () => {
    const a = lineAmounts(1, 2990, 2200); // 6.578 → 658
    const b = lineAmounts(3, 25, 2200); // 75 → 16.5 → 17
    expect(a).toEqual({ netCents: 2990, vatCents: 658, totalCents: 3648 });
    expect(sumAmounts([a, b])).toEqual({ netCents: 3065, vatCents: 675, totalCents: 3740 });
  });

  it('refuses fractions of a cent and negative amounts', () => {
    expect(() => vatCents(10.5, 2200)).toThrow(RangeError);
    expect(() => vatCents(-1, 2200)).toThrow(RangeError);
    expect(() => lineAmounts(0, 100, 2200)).toThrow(RangeError);
  });

  it('takes a percentage half-up to the cent, and puts VAT on the discounted net', () => {
    expect(percentOfCents(2900, 2000)).toBe(580);
    expect(percentOfCents(2990, 1250)).toBe(374); // 373.75 → 374
    expect(percentOfCents(5, 1000)).toBe(1); // 0.5 → 1
    expect(discountedLineAmounts(1, 2900, 580, 2200)).toEqual({ netCents: 2320, vatCents: 510, totalCents: 2830 });
    expect(discountedLineAmounts(2, 1000, 2000, 2200)).toEqual({ netCents: 0, vatCents: 0, totalCents: 0 });
    expect(() => discountedLineAmounts(1, 1000, 1001, 2200)).toThrow(RangeError);
    expect(() => percentOfCents(100, 10_001)).toThrow(RangeError);
  });

  it('formats euro in Italian and English', () => {
    expect(formatMoney(4880, 'it').replace(/\s/g, ' ')).toBe('48,80 €');
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
  });

  describe('parseEuroAmount', () => {
    it.each([
      ['10,00', 1000],
      ['10', 1000],
      ['10,5', 1050],
      ['0,01', 1],
      ['€ 10,00', 1000],
      ['10,00 €', 1000],
      ['1.234,56', 123456],
      ['1.000', 100000],
      ['1.000.000,00', 100000000],
      ['10.00', 1000],
      ['1,234.56', 123456],
      ['0', 0],
    ])('reads %s as %i cents', (input, cents) => {
      expect(parseEuroAmount(input)).toBe(cents);
    });

    it.each([
      '',
      'dieci',
      '-10,00',
      '+10',
      '10,001',
      '10,',
      ',50',
      '1,000',
      '1.234.56',
      '1.23,45',
      '1,234,56',
      '12.34.567',
      '1e3',
      '10 00',
      '0x10',
    ])('refuses %j', (input) => {
      expect(parseEuroAmount(input)).toBeNull();
    });
  });

  it('writes cents back as a form field reads them', () => {
    expect(formatEuroInput(4880, 'it')).toBe('48,80');
    expect(formatEuroInput(5, 'en')).toBe('0.05');
    expect(parseEuroAmount(formatEuroInput(123456, 'it'))).toBe(123456);
  });
});
