import { randomBytes } from 'node:crypto';

/**
 * Identifiers the bank hands out: a type prefix and 128 random bits. Session ids appear in the hosted page's URL,
 * so they must be unguessable as well as unique.
 */
export function newId(prefix: 'ps' | 'card' | 'ch' | 're' | 'evt' | 'chl'): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

/** A six-character authorization code, as issuers return them. */
export function newAuthorizationCode(): string {
  return randomBytes(4).toString('hex').slice(0, 6).toUpperCase();
}
