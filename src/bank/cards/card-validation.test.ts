import { describe, expect, it } from 'vitest';
import { CardNumber } from './card-number.ts';
import { detectBrand, isExpired, luhnValid, parseExpiry, validateCardForm } from './card-validation.ts';

const ROME = 'Europe/Rome';
const today = new Date('2026-11-28T10:00:00Z');
const valid = { holder: 'Mario Rossi', number: '4242 4242 4242 4242', expiry: '12/34', cvv: '123' };

describe('card validation', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('recognises Visa, Mastercard (51-55 and 2221-2720), Amex and Maestro', () => {
    const brand = (n: string) => detectBrand(CardNumber.parse(n)!);
    expect(brand('4242424242424242')).toBe('visa');
    expect(brand('5555555555554444')).toBe('mastercard');
    expect(brand('2223003122003222')).toBe('mastercard');
    expect(brand('378282246310005')).toBe('amex');
    expect(brand('6759649826438453')).toBe('maestro');
    expect(brand('5018000000000009')).toBe('maestro');
    expect(brand('6011111111111117')).toBeUndefined();
  });

  it('accepts a number typed with spaces or dashes', () => {
    const result = validateCardForm({ ...valid, number: '4242-4242 4242  4242' }, today, ROME);
    expect(result.ok && result.card.number.reveal()).toBe('4242424242424242');
  });

  it('gives a precise error for each wrong number', () => {
    const numberError = (number: string) => {
      const result = validateCardForm({ ...valid, number }, today, ROME);
      return result.ok ? undefined : result.errors.number;
    };
    expect(numberError('')).toBe('number_required');
    expect(numberError('4242 4242 4242 424x')).toBe('number_not_digits');
    expect(numberError('4242 4242')).toBe('number_length');
    expect(numberError('4242 4242 4242 4241')).toBe('number_luhn');
    expect(numberError('6011 1111 1111 1117')).toBe('number_brand');
  });

  it('wants 4 CVV digits for Amex and 3 for the others', () => {
    const amex = { ...valid, number: '3782 822463 10005' };
    expect(validateCardForm({ ...amex, cvv: '1234' }, today, ROME).ok).toBe(true);
    const short = validateCardForm({ ...amex, cvv: '123' }, today, ROME);
    expect(!short.ok && short.errors.cvv).toBe('cvv_length');
    const long = validateCardForm({ ...valid, cvv: '1234' }, today, ROME);
    expect(!long.ok && long.errors.cvv).toBe('cvv_length');
    const empty = validateCardForm({ ...valid, cvv: '' }, today, ROME);
    expect(!empty.ok && empty.errors.cvv).toBe('cvv_required');
  });

  it('accepts an expiry in the current month and refuses last month, bad months and bad formats', () => {
    expect(parseExpiry('11/26', today, ROME)).toEqual({ month: 11, year: 2026 });
    expect(parseExpiry('10/26', today, ROME)).toEqual({ error: 'expiry_past' });
    expect(parseExpiry('13/30', today, ROME)).toEqual({ error: 'expiry_month' });
    expect(parseExpiry('1230', today, ROME)).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('12 / 2030', today, ROME)).toEqual({ month: 12, year: 2030 });
    expect(parseExpiry('dicembre', today, ROME)).toEqual({ error: 'expiry_format' });
    expect(parseExpiry('', today, ROME)).toEqual({ error: 'expiry_required' });
  });

  it('keeps a 12/2026 card valid until midnight on 31 December in Rome, the bank’s own calendar', () => {
    // 23:30 in Rome (CET, UTC+1): still December.
    expect(isExpired(12, 2026, new Date('2026-12-31T22:30:00Z'), ROME)).toBe(false);
    expect(parseExpiry('12/26', new Date('2026-12-31T22:30:00Z'), ROME)).toEqual({ month: 12, year: 2026 });
    // 00:30 on 1 January in Rome, although still 31 December in UTC.
    expect(isExpired(12, 2026, new Date('2026-12-31T23:30:00Z'), ROME)).toBe(true);
    expect(parseExpiry('12/26', new Date('2026-12-31T23:30:00Z'), ROME)).toEqual({ error: 'expiry_past' });
    expect(isExpired(12, 2026, new Date('2026-12-31T23:30:00Z'), 'UTC')).toBe(false);
  });

  it('reports every wrong field at once, and a missing holder', () => {
    const result = validateCardForm({ holder: '  ', number: '1234', expiry: '01/20', cvv: '' }, today, ROME);
    expect(result).toEqual({
      ok: false,
      errors: { holder: 'holder_required', number: 'number_length', expiry: 'expiry_past', cvv: 'cvv_required' },
    });
  });
});
