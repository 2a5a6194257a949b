import { describe, expect, it } from 'vitest';
import { addDays, addYears, ManualClock } from './clock.ts';

describe('clock and dates', () => {
  it('adds years, keeping 29 February inside February', () => {
    expect(addYears('2026-11-28', 1)).toBe('2027-11-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('moves a manual clock by hand', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });
});
