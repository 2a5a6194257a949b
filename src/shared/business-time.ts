/**
 * Business dates: the calendar day an instant falls on where the provider does business (`BUSINESS_TIME_ZONE`,
 * Europe/Rome by default). Instants stay UTC everywhere (timestamptz in the database, `Date` in code); only the day
 * derived from one depends on the zone: an order made at 2026-12-31T23:30:00Z is made on 1 January 2027 in Rome.
 *
 * "Business day" here means that calendar day, not a working day: weekends and holidays count. Days are
 * 'YYYY-MM-DD' strings and their arithmetic (`addDays`, `addYears` in clock.ts) needs no zone.
 *
 * Built on Intl.DateTimeFormat alone: the zone rules (DST included) are the ICU data Node ships with.
 */

/** The zone the product uses when none is configured (SPEC §4: the provider is in Italy). */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Europe/Rome';

/**
 * The canonical name of an IANA time zone ('europe/rome' → 'Europe/Rome'), or undefined when Intl does not know it.
 * Config validates `BUSINESS_TIME_ZONE` with it.
 */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** 'YYYY-MM-DD': the calendar day `instant` falls on in `timeZone`. */
export function businessDate(instant: Date, timeZone: string): string {
  const wall = wallClock(instant.getTime(), timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`;
}

/** The calendar year `instant` falls in, in `timeZone` (order numbers are counted per business year). */
export function businessYear(instant: Date, timeZone: string): number {
  return wallClock(instant.getTime(), timeZone).year;
}

/**
 * The first instant of the calendar day `day` ('YYYY-MM-DD') in `timeZone`: local midnight, or the first moment after
 * it when midnight itself is skipped by a DST change (some zones move their clocks at midnight; Rome moves at 02:00
 * and 03:00). For schedules that fall due "at the start of day X".
 */
export function businessDayStart(day: string, timeZone: string): Date {
  const [year, month, date] = parseDay(day);
  return new Date(zonedToUtc(Date.UTC(year, month - 1, date), timeZone));
}

/**
 * The instant `days` calendar days after `instant` at the same wall-clock time in `timeZone`: 10:00 in Rome on the
 * Saturday before the clocks change is followed by 10:00 on the Sunday, 23 hours later, so the later instant always
 * falls on the business day `days` after. A wall-clock time the clocks skip (02:30 on the spring change) moves
 * forward by the gap; one they repeat (02:30 on the autumn change) is its first occurrence.
 */
export function addZonedDays(instant: Date, days: number, timeZone: string): Date {
  const wall = wallClock(instant.getTime(), timeZone);
  const localMs =
    Date.UTC(wall.year, wall.month - 1, wall.day + days, wall.hour, wall.minute, wall.second) +
    (((instant.getTime() % 1000) + 1000) % 1000);
  return new Date(zonedToUtc(localMs, timeZone));
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone Intl does not know: a bad name fails loudly, never silently as UTC.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The date and time a clock on the wall in `timeZone` shows at `utcMs`. */
function wallClock(utcMs: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `utcMs` (+1 h in Rome in winter, +2 h in summer). */
function offsetAt(utcMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  const wall = wallClock(wholeSecond, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - wholeSecond;
}

/**
 * The UTC instant at which `timeZone`'s wall clock shows `localMs` (a wall-clock time written as if it were UTC).
 * The offsets a day before and a day after bracket any single DST change: a candidate is right when the zone has
 * that offset at that instant. Two right candidates (a repeated hour): the earlier. None (a skipped hour): the offset
 * from before the change, which lands the same distance past the gap.
 */
function zonedToUtc(localMs: number, timeZone: string): number {
  const DAY = 86_400_000;
  const before = offsetAt(localMs - DAY, timeZone);
  const after = offsetAt(localMs + DAY, timeZone);
  const candidates = [localMs - before, localMs - after]
    .filter((utc) => offsetAt(utc, timeZone) === localMs - utc)
    .sort((a, b) => a - b);
  return candidates[0] ?? localMs - before;
}

function parseDay(day: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a 'YYYY-MM-DD' day: "${day}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
