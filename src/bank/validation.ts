import { z } from 'zod';

/**
 * Text the bank stores: trimmed, bounded, and without control characters (PostgreSQL refuses NUL in text, and nothing a
 * person or a merchant sends legitimately contains one), so bad input is a 400 and never a database error.
 */
export function boundedText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
}

/** An identifier in a path or a body: `ps_…`, `card_…`, a merchant reference. */
export const identifier = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'not a valid identifier');

/** The body of a verb that takes no parameters (void, cancel): `{}`, or nothing at all. */
export const emptyBodySchema = z.strictObject({});

/** Removes control characters from form input a person typed. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/\p{Cc}/gu, '');
}
