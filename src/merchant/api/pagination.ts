import { z } from 'zod';
import { type PublicIdKind, parsePublicId } from '../public/public-ids.ts';
import { ApiError } from './api-errors.ts';

/**
 * Cursor pagination, as Stripe does it: `limit` (1-100, default 10) items newest first (by id, which never changes,
 * so a page never shifts when rows are added), and `starting_after` the id of the last item of the previous page.
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(10).describe('items per page, 1-100'),
  starting_after: z.string().optional().describe('the id of the last item of the previous page'),
};

export const PAGINATION_DESCRIPTION =
  'Newest first (by id). Pass the last id of a page as `starting_after` for the next one while `has_more` is true.';

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });
}

export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

/** The row id behind `starting_after`, refused as a bad request when it is not an id of that kind. */
export function cursorId(kind: PublicIdKind, startingAfter: string | undefined): number | undefined {
  if (startingAfter === undefined) return undefined;
  const id = parsePublicId(kind, startingAfter);
  if (id === undefined) {
    throw new ApiError('invalid_request', `starting_after is not a ${kind} id`, {
      errors: [{ field: 'starting_after', message: `expected a ${kind} id` }],
    });
  }
  return id;
}

/** A page from `limit + 1` rows fetched: the extra row only says there is more. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  return { object: 'list', data: rows.slice(0, limit).map(map), has_more: rows.length > limit };
}
