import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { businessDayStart } from '../../../shared/business-time.ts';
import { addDays } from '../../../shared/clock.ts';
import type { Cursor } from './list-definition.ts';

/**
 * SQL pieces every list shares: the keyset condition and key, and business days as instants. Keyset, never OFFSET:
 * page 2,000 of the orders costs what page 1 costs, and a row added meanwhile neither repeats nor hides another.
 */

/**
 * The row's sort key as the cursor keeps it: a timestamptz in ISO 8601 UTC to the microsecond (the column's own
 * precision, so that a page never skips a row written in the same millisecond), or a date as 'YYYY-MM-DD'.
 */
export function cursorKey(column: string, type: 'timestamptz' | 'date'): RawBuilder<string> {
  return type === 'date'
    ? sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`
    : sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after `after` in the order (`column`, `idColumn`) `direction`; every row when there is no cursor. */
export function afterCursor(
  column: string,
  idColumn: string,
  direction: 'asc' | 'desc',
  type: 'timestamptz' | 'date',
  after: Cursor | undefined,
): Expression<SqlBool> {
  if (!after) return sql<SqlBool>`true`;
  const operator = sql.raw(direction === 'desc' ? '<' : '>');
  return sql<SqlBool>`(${sql.ref(column)}, ${sql.ref(idColumn)}) ${operator} (cast(${after.key} as ${sql.raw(type)}), cast(${after.id} as bigint))`;
}

/** The instants that bound business days `from` to `to`, both included: [start of from, start of the day after to). */
export function dayRangeInstants(
  range: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): { since?: Date; before?: Date } {
  return {
    ...(range.from ? { since: businessDayStart(range.from, timeZone) } : {}),
    ...(range.to ? { before: businessDayStart(addDays(range.to, 1), timeZone) } : {}),
  };
}
