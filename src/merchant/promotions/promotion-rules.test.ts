import { describe, expect, it } from 'vitest';
import type { Promotion } from '../../db/schema.ts';
import { lastValidDay, lineDiscounts, normalizeCode, PROMOTION_CODE_PATTERN, standingAt } from './promotion-rules.ts';

const ROME = 'Europe/Rome';

function promotion(overrides: Partial<Promotion> = {}): Promotion {
  return {
    id: 1,
    campaign: '#IoRestoACasa',
    code: 'IORESTOACASA',
    product_code: 'pec',
    discount_kind: 'percent',
    percent_bp: 2000,
    amount_cents: null,
    applies_to: 'renewal',
    valid_from: '2026-12-01',
    valid_until: '2026-12-31',
    ended_at: null,
    created_at: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  };
}

const pecLine = { product_code: 'pec', quantity: 1, unit_price_cents: 2900 };

describe('promotion rules', () => {
  it('compares codes trimmed and upper-case, and accepts only letters, digits, "-" and "_"', () => {
    expect(normalizeCode('  ioRestoACasa ')).toBe('IORESTOACASA');
    expect(PROMOTION_CODE_PATTERN.test('IORESTOACASA')).toBe(true);
    expect(PROMOTION_CODE_PATTERN.test('SUMMER_2027-B')).toBe(true);
    expect(PROMOTION_CODE_PATTERN.test('AB')).toBe(false);
    expect(PROMOTION_CODE_PATTERN.test('IO RESTO')).toBe(false);
    expect(PROMOTION_CODE_PATTERN.test('-ABC')).toBe(false);
  });

  it('is valid on every business day of its window, both ends included, counted in Rome', () => {
    const p = promotion();
    // 23:30 UTC on 30 November is already 1 December in Rome.
    expect(standingAt(p, new Date('2026-11-30T23:30:00Z'), ROME)).toEqual({ kind: 'valid' });
    expect(standingAt(p, new Date('2026-11-30T22:59:59Z'), ROME)).toEqual({
      kind: 'not_yet_valid',
      startsOn: '2026-12-01',
    });
    expect(standingAt(p, new Date('2026-12-31T22:59:59Z'), ROME)).toEqual({ kind: 'valid' });
    expect(standingAt(p, new Date('2026-12-31T23:00:00Z'), ROME)).toEqual({ kind: 'expired', endedOn: '2026-12-31' });
  });

  it('an operator ending it early makes it expired from that instant, on the day it was ended', () => {
    const p = promotion({ ended_at: new Date('2026-12-10T09:00:00Z') });
    expect(standingAt(p, new Date('2026-12-10T08:59:59Z'), ROME)).toEqual({ kind: 'valid' });
    expect(standingAt(p, new Date('2026-12-10T09:00:00Z'), ROME)).toEqual({ kind: 'expired', endedOn: '2026-12-10' });
    expect(lastValidDay(p, ROME)).toBe('2026-12-10');
    expect(lastValidDay(promotion({ ended_at: new Date('2027-02-01T00:00:00Z') }), ROME)).toBe('2026-12-31');
  });

  it('takes a percentage of each line of its product, rounded half-up to the cent', () => {
    expect(lineDiscounts(promotion(), { kind: 'renewal' }, [pecLine])).toEqual({ ok: true, discounts: [580] });
    const twelveAndAHalf = promotion({ percent_bp: 1250, product_code: null });
    expect(
      lineDiscounts(twelveAndAHalf, { kind: 'renewal' }, [
        { product_code: 'spid', quantity: 1, unit_price_cents: 2990 },
        { product_code: 'pec', quantity: 2, unit_price_cents: 2900 },
      ]),
    ).toEqual({ ok: true, discounts: [374, 725] });
  });

  it('takes a fixed amount off the lines of its product in order, never more than a line is worth', () => {
    const fiveEuro = promotion({ discount_kind: 'amount', percent_bp: null, amount_cents: 3500, applies_to: 'both' });
    expect(
      lineDiscounts(fiveEuro, { kind: 'purchase' }, [
        { product_code: 'pec', quantity: 1, unit_price_cents: 2900 },
        { product_code: 'spid', quantity: 1, unit_price_cents: 2990 },
        { product_code: 'pec', quantity: 1, unit_price_cents: 2900 },
      ]),
    ).toEqual({ ok: true, discounts: [2900, 0, 600] });
  });

  it('refuses another product, and the kind of order it is not for', () => {
    expect(lineDiscounts(promotion(), { kind: 'renewal' }, [{ ...pecLine, product_code: 'spid' }])).toEqual({
      ok: false,
      reason: 'wrong_product',
    });
    expect(lineDiscounts(promotion(), { kind: 'purchase' }, [pecLine])).toEqual({ ok: false, reason: 'renewal_only' });
    expect(lineDiscounts(promotion({ applies_to: 'purchase' }), { kind: 'renewal' }, [pecLine])).toEqual({
      ok: false,
      reason: 'purchase_only',
    });
    expect(lineDiscounts(promotion({ applies_to: 'both' }), { kind: 'purchase' }, [pecLine]).ok).toBe(true);
  });
});
