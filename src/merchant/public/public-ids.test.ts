import { describe, expect, it } from 'vitest';
import { catalogProductCode, parsePublicId, publicId, publicProductCode } from './public-ids.ts';

describe('public ids', () => {
  it('round-trips a row id through its prefix', () => {
    expect(publicId('customer', 12)).toBe('cus_12');
    expect(parsePublicId('customer', 'cus_12')).toBe(12);
    expect(parsePublicId('order', publicId('order', 9_007_199_254_740_991))).toBe(9_007_199_254_740_991);
  });

  it('refuses another kind, a leading zero, a sign or a number too large to be exact', () => {
    expect(parsePublicId('order', 'cus_12')).toBeUndefined();
    expect(parsePublicId('order', 'ord_012')).toBeUndefined();
    expect(parsePublicId('order', 'ord_-1')).toBeUndefined();
    expect(parsePublicId('order', 'ord_1e3')).toBeUndefined();
    expect(parsePublicId('order', 'ord_9007199254740993')).toBeUndefined();
    expect(parsePublicId('order', 'ord_')).toBeUndefined();
  });

  it('shows product codes in upper case and reads them in either case', () => {
    expect(publicProductCode('fatturazione_pa')).toBe('FATTURAZIONE_PA');
    expect(catalogProductCode(' PEC ')).toBe('pec');
    expect(catalogProductCode('pec')).toBe('pec');
  });
});
