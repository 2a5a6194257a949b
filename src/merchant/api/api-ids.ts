import { z } from 'zod';
import { type PublicIdKind, parsePublicId } from '../public/public-ids.ts';
import { ApiError, type ApiErrorCode } from './api-errors.ts';

/** `:id` in a path: any string, so that a malformed id is a 404 like an unknown one, not a 400. */
export const idParams = z.object({ id: z.string() });

/** The row id behind a public id in a path or a body, or the resource's 404 when it names nothing of that kind. */
export function rowIdOr404(kind: PublicIdKind, value: string, code: ApiErrorCode): number {
  const id = parsePublicId(kind, value);
  if (id === undefined) throw new ApiError(code, `No ${kind} ${value}.`);
  return id;
}

/** A public id in a filter (`?customer=cus_…`): a malformed one is a bad request, naming the field. */
export function filterId(kind: PublicIdKind, field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const id = parsePublicId(kind, value);
  if (id === undefined) {
    throw new ApiError('invalid_request', `${field} is not a ${kind} id`, {
      errors: [{ field, message: `expected a ${kind} id` }],
    });
  }
  return id;
}
