import { describe, expect, it } from 'vitest';
import {
  addZonedDays,
  businessDate,
  businessDayStart,
  businessYear,
  canonicalTimeZone,
  DEFAULT_BUSINESS_TIME_ZONE,
} from './business-time.ts';

const ROME = DEFAULT_BUSINESS_TIME_ZONE;
const at = (iso: string) => new Date(iso);

describe('business dates in Europe/Rome', () => {
  it('puts an instant after midnight in Rome on the next day, and into the next year on New Year’s Eve', () => {
    expect(businessDate(at('2026-12-31T22:59:59.999Z'), ROME)).toBe('2026-12-31');
    expect(businessDate(at('2026-12-31T23:00:00Z'), ROME)).toBe('2027-01-01');
    expect(businessDate(at('2026-12-31T23:30:00Z'), ROME)).toBe('2027-01-01');
    expect(businessYear(at('2026-12-31T22:30:00Z'), ROME)).toBe(2026);
    expect(businessYear(at('2026-12-31T23:30:00Z'), ROME)).toBe(2027);
    // The same instants in UTC, for contrast.
    expect(businessDate(at('2026-12-31T23:30:00Z'), 'UTC')).toBe('2026-12-31');
  });

  // Rome: CET (+1) → CEST (+2) at 01:00Z on the last Sunday of March, back at 01:00Z on the last Sunday of October.
  it.each([
    ['2026 spring (29 March)', '2026-03-28T22:59:00Z', '2026-03-28', '2026-03-28T23:00:00Z', '2026-03-29'],
    ['2026 autumn (25 October)', '2026-10-24T21:59:00Z', '2026-10-24', '2026-10-24T22:00:00Z', '2026-10-25'],
    ['2027 spring (28 March)', '2027-03-27T22:59:00Z', '2027-03-27', '2027-03-27T23:00:00Z', '2027-03-28'],
    ['2027 autumn (31 October)', '2027-10-30T21:59:00Z', '2027-10-30', '2027-10-30T22:00:00Z', '2027-10-31'],
  ])('knows where the day of the %s change starts', (_, lastMinute, dayBefore, firstInstant, changeDay) => {
    expect(businessDate(at(lastMinute), ROME)).toBe(dayBefore);
    expect(businessDate(at(firstInstant), ROME)).toBe(changeDay);
    expect(businessDayStart(changeDay, ROME).toISOString()).toBe(at(firstInstant).toISOString());
  });

  it('starts the day after each change at the new offset', () => {
    // Summer time: midnight is 22:00Z the evening before; winter time: 23:00Z.
    expect(businessDayStart('2026-03-30', ROME).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(businessDayStart('2026-10-26', ROME).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(businessDayStart('2027-03-29', ROME).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(businessDayStart('2027-11-01', ROME).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    // The change days themselves are 23 and 25 hours long.
    const hours = (from: string, to: string) =>
      (businessDayStart(to, ROME).getTime() - businessDayStart(from, ROME).getTime()) / 3_600_000;
    expect(hours('2027-03-28', '2027-03-29')).toBe(23);
    expect(hours('2027-10-31', '2027-11-01')).toBe(25);
    expect(hours('2026-03-29', '2026-03-30')).toBe(23);
    expect(hours('2026-10-25', '2026-10-26')).toBe(25);
  });

  it('keeps the wall-clock time when it adds days across a change, so the day moves by exactly that many', () => {
    // 00:30 on the autumn-change Sunday (CEST) + 1 day = 00:30 on Monday (CET): 25 hours, not 24.
    const sunday = at('2027-10-30T22:30:00Z');
    expect(businessDate(sunday, ROME)).toBe('2027-10-31');
    const monday = addZonedDays(sunday, 1, ROME);
    expect(monday.toISOString()).toBe('2027-10-31T23:30:00.000Z');
    expect(businessDate(monday, ROME)).toBe('2027-11-01');
    // 10:00 on the Saturday before the spring change + 1 day = 10:00 on the Sunday: 23 hours.
    expect(addZonedDays(at('2026-03-28T09:00:00Z'), 1, ROME).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    // A time the clocks skip moves forward by the gap; a repeated one is its first occurrence.
    expect(addZonedDays(at('2027-03-27T01:30:00Z'), 1, ROME).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(addZonedDays(at('2027-10-30T00:30:00Z'), 1, ROME).toISOString()).toBe('2027-10-31T00:30:00.000Z');
    // Milliseconds and several days, with no change in between: plain 24-hour days.
    expect(addZonedDays(at('2026-12-01T20:23:14.125Z'), 5, ROME).toISOString()).toBe('2026-12-06T20:23:14.125Z');
  });

  it('works for any IANA zone, and names the canonical zone or nothing', () => {
    expect(businessDate(at('2026-07-01T03:00:00Z'), 'America/New_York')).toBe('2026-06-30');
    expect(businessDayStart('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(businessDayStart('2026-07-01', 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(canonicalTimeZone('europe/rome')).toBe('Europe/Rome');
    expect(canonicalTimeZone('Europe/Milano')).toBeUndefined();
    expect(() => businessDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => businessDayStart('2026-7-1', ROME)).toThrow(/YYYY-MM-DD/);
  });
});
