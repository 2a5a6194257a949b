import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { businessDate } from '../../../shared/business-time.ts';
import { csvLines } from '../../../shared/csv.ts';
import type { BackofficeDeps, BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import {
  type Cursor,
  cursorOf,
  type FilterField,
  LIST_ISSUES,
  type ListContext,
  type ListDefinition,
  type ListRow,
  parseCursor,
  type ShownField,
} from './list-definition.ts';
import { hrefWith, ListPageView } from './list-views.tsx';

/** Rows on a page. */
export const LIST_PAGE_SIZE = 50;
/** Rows per query of a CSV export: the export is written batch by batch through the page's own keyset query. */
export const CSV_BATCH_SIZE = 1000;

type Params = Record<string, string>;

/**
 * Serves one list: `GET <path>` with its filters, `?after=<cursor>` for the next page, `?format=csv` for every row
 * of the same filters as CSV. A bad filter, cursor or format answers 400 with the form and what is wrong.
 */
export function listRoute<Filters, Row extends ListRow>(definition: ListDefinition<Filters, Row>): BackofficeRoutes {
  return (deps) => async (app) => {
    app.get(definition.path, async (request, reply) => {
      operatorOf(request);
      const { values, repeated } = queryValues(request.query);
      const { after, format, ...filterValues } = values;
      const parsed = definition.filters.safeParse(filterValues);
      const cursor = after === undefined ? undefined : parseCursor(after);
      const errors = [
        ...repeated.map((name) =>
          request.i18n.t('bo.lists.error.repeated', { field: fieldLabel(request, definition, name) }),
        ),
        ...(parsed.success ? [] : issueMessages(request, definition, parsed.error)),
        ...(after !== undefined && !cursor ? [request.i18n.t('bo.lists.error.cursor')] : []),
        ...(format !== undefined && format !== 'csv' ? [request.i18n.t('bo.lists.error.format')] : []),
      ];
      const context = listContext(deps);
      const fields = await shownFields(definition.fields, context);
      if (errors.length > 0 || !parsed.success) {
        return render(request, reply, definition, { fields, values: filterValues, rows: [], errors, status: 400 });
      }
      if (format === 'csv') return sendCsv(reply, definition, context, parsed.data);
      const rows = await definition.load(context, parsed.data, {
        ...(cursor ? { after: cursor } : {}),
        limit: LIST_PAGE_SIZE + 1,
      });
      const page = rows.slice(0, LIST_PAGE_SIZE);
      const last = page.at(-1);
      return render(request, reply, definition, {
        fields,
        values: filterValues,
        rows: page,
        errors: [],
        status: 200,
        ...(rows.length > LIST_PAGE_SIZE && last ? { next: cursorOf(last) } : {}),
        paged: cursor !== undefined,
      });
    });
  };
}

async function shownFields(fields: readonly FilterField[], context: ListContext): Promise<ShownField[]> {
  return Promise.all(
    fields.map(async (field) =>
      field.kind === 'select' && typeof field.options === 'function'
        ? { ...field, options: await field.options(context) }
        : (field as ShownField),
    ),
  );
}

function listContext(deps: BackofficeDeps): ListContext {
  const timeZone = deps.config.businessTimeZone;
  return { db: deps.db, timeZone, today: businessDate(deps.clock.now(), timeZone) };
}

function render<Filters, Row extends ListRow>(
  request: FastifyRequest,
  reply: FastifyReply,
  definition: ListDefinition<Filters, Row>,
  view: {
    fields: readonly ShownField[];
    values: Params;
    rows: Row[];
    errors: string[];
    status: number;
    next?: string;
    paged?: boolean;
  },
) {
  const title = request.i18n.t(definition.title);
  return sendBackofficePage(request, reply, {
    title,
    status: view.status,
    children: ListPageView({
      i18n: request.i18n,
      definition,
      title,
      fields: view.fields,
      values: view.values,
      rows: view.rows,
      errors: view.errors,
      ...(view.next ? { nextHref: hrefWith(definition.path, { ...view.values, after: view.next }) } : {}),
      ...(view.paged ? { firstHref: hrefWith(definition.path, view.values) } : {}),
      csvHref: hrefWith(definition.path, { ...view.values, format: 'csv' }),
    }),
  });
}

function sendCsv<Filters, Row extends ListRow>(
  reply: FastifyReply,
  definition: ListDefinition<Filters, Row>,
  context: ListContext,
  filters: Filters,
) {
  async function* batches() {
    let after: Cursor | undefined;
    for (;;) {
      const rows = await definition.load(context, filters, { ...(after ? { after } : {}), limit: CSV_BATCH_SIZE });
      yield rows;
      const last = rows.at(-1);
      if (rows.length < CSV_BATCH_SIZE || !last) return;
      after = { key: last.cursor_key, id: last.id };
    }
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${definition.csvName}-${context.today}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(csvLines(definition.csv.header, batches(), definition.csv.record, definition.csv.separator)));
}

/** The query's fields as text, empty ones dropped (an empty select means "all"); a field given twice is refused. */
function queryValues(query: unknown): { values: Params; repeated: string[] } {
  const values: Params = {};
  const repeated: string[] = [];
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') {
      if (value.trim() !== '') values[name] = value.trim();
    } else repeated.push(name);
  }
  return { values, repeated };
}

function fieldLabel<Filters, Row extends ListRow>(
  request: FastifyRequest,
  definition: ListDefinition<Filters, Row>,
  name: string,
): string {
  const field = definition.fields.find((candidate) => candidate.name === name);
  return field ? request.i18n.t(field.label) : name;
}

function issueMessages<Filters, Row extends ListRow>(
  request: FastifyRequest,
  definition: ListDefinition<Filters, Row>,
  error: z.ZodError,
): string[] {
  return error.issues.map((issue) => {
    if (Object.hasOwn(LIST_ISSUES, issue.message)) {
      return request.i18n.t(LIST_ISSUES[issue.message as keyof typeof LIST_ISSUES]);
    }
    return request.i18n.t('bo.lists.error.invalid', {
      field: fieldLabel(request, definition, String(issue.path[0] ?? '')),
    });
  });
}
