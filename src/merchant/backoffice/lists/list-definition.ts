import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../../db/schema.ts';
import type { CsvSeparator, CsvValue } from '../../../shared/csv.ts';
import type { Child } from '../../../shared/html/jsx-runtime.ts';
import type { I18n, MessageKey } from '../../web/i18n/i18n.ts';

/**
 * The one shape of a back-office list (issue 12, point 7): filters validated by a zod schema, rows newest first in
 * keyset pages, and the same rows as CSV. A list is a `ListDefinition`; list-routes.ts serves every definition the
 * same way (page, "Successivi", "Esporta CSV", a 400 for a bad filter), so a list file holds only what is its own:
 * the filters, the SQL and the columns.
 */
export interface ListDefinition<Filters, Row extends ListRow> {
  path: string;
  /** The CSV's file name before the date: `ordini` → `ordini-2026-11-28.csv`. */
  csvName: string;
  title: MessageKey;
  /** Parses the query string (empty fields already dropped, `after` and `format` taken out). */
  filters: z.ZodType<Filters>;
  fields: readonly FilterField[];
  /** Up to `page.limit` rows after `page.after`, in the list's order. */
  load(context: ListContext, filters: Filters, page: ListPage): Promise<Row[]>;
  columns: readonly ListColumn<Row>[];
  /** `separator` ';' for a file in the Italian spreadsheet form (its amounts then with a decimal comma). */
  csv: { header: readonly string[]; record(row: Row): readonly CsvValue[]; separator?: CsvSeparator };
}

/** Every row carries its keyset position: its sort key as text (an ISO instant or a day) and its id. */
export interface ListRow {
  id: number;
  cursor_key: string;
}

export interface ListContext {
  db: Kysely<MerchantDatabase>;
  timeZone: string;
  /** Today's business date, 'YYYY-MM-DD'. */
  today: string;
}

/** Where a page starts: strictly after the row with this key and id, in the list's order. */
export interface Cursor {
  key: string;
  id: number;
}

export interface ListPage {
  after?: Cursor;
  limit: number;
}

export interface ListColumn<Row> {
  label: MessageKey;
  cell(row: Row, i18n: I18n): Child;
  numeric?: boolean;
}

/** A select's options, fixed or read when the page is drawn (the catalogue's products, the queues that exist). */
export type FilterOptions = readonly FilterOption[] | ((context: ListContext) => Promise<readonly FilterOption[]>);

export type FilterField =
  | { kind: 'select'; name: string; label: MessageKey; options: FilterOptions }
  | { kind: 'date'; name: string; label: MessageKey }
  | { kind: 'text'; name: string; label: MessageKey; inputMode?: 'email' | 'numeric' };

/** A field as the form draws it: a select's options read. */
export type ShownField =
  | Exclude<FilterField, { kind: 'select' }>
  | (Extract<FilterField, { kind: 'select' }> & {
      options: readonly FilterOption[];
    });

/** An option of a select: its label a message key, or a code shown as it is (decline reasons, queue names). */
export interface FilterOption {
  value: string;
  label: MessageKey | { text: string };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A 'YYYY-MM-DD' that is a real calendar day (2026-02-30 is not). */
export const dayParam = z.string().refine(isCalendarDay);

/** One value of an enumeration, as a select sends it. */
export function enumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values);
}

/** A row id in a filter (`customer=12`). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);

/**
 * What a list's refinements may say is wrong (their zod `message` is one of these names): list-routes.ts shows the
 * text. Any other issue reads "this filter is not valid".
 */
export const LIST_ISSUES = {
  from_after_to: 'bo.lists.error.range',
  one_renewal_view: 'bo.lists.error.renewalView',
} as const satisfies Record<string, MessageKey>;

/** `from` / `to` (business days, both included) beside a list's other filters, with `from` ≤ `to`. */
export function withDayRange<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ ...shape, from: dayParam.optional(), to: dayParam.optional() }).refine(
    (f) => {
      const { from, to } = f as { from?: string; to?: string };
      return !(from && to && from > to);
    },
    { message: 'from_after_to', path: ['from'] },
  );
}

/** `2026-11-28T09:00:00.123456Z_42`: readable, and every part checked before it reaches SQL. */
export function parseCursor(value: string): Cursor | undefined {
  const cut = value.lastIndexOf('_');
  const key = value.slice(0, cut);
  const id = value.slice(cut + 1);
  if (cut < 0 || !/^[1-9]\d{0,15}$/.test(id)) return undefined;
  const dayOk = isCalendarDay(key);
  const instantOk = INSTANT.test(key) && isCalendarDay(key.slice(0, 10)) && !Number.isNaN(Date.parse(key));
  return dayOk || instantOk ? { key, id: Number(id) } : undefined;
}

export function cursorOf(row: ListRow): string {
  return `${row.cursor_key}_${row.id}`;
}
