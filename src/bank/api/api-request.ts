import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { BankError } from '../bank-errors.ts';

/** Parses a body or query with a zod schema; a mismatch is a 400 listing each problem by path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new BankError(
    'invalid_request',
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** The Idempotency-Key of a POST, required. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) throw new BankError('idempotency_key_missing');
  return key;
}
