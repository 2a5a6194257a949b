import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, ManualClock } from './clock.ts';

describe('clock and dates', () => {
  it('adds years, keeping 29 February inside February', () => {
    expect(addYears('2026-11-28', 1)).toBe('2027-11-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('counts calendar days between two dates, across a month, a year and a DST change', () => {
    expect(daysBetween('2026-12-02', '2026-12-02')).toBe(0);
    expect(daysBetween('2026-12-02', '2027-01-01')).toBe(30);
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2026-12-02', '2026-11-30')).toBe(-2);
  });

  it('moves a manual clock by hand', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });
});
