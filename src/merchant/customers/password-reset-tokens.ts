import { createHash, randomBytes } from 'node:crypto';

/** How long a "Password dimenticata?" link works, by the application's clock. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;

/** 256 random bits, URL-safe: the link carries it, the database only its hash. */
export function newResetToken(): string {
  return randomBytes(32).toString('base64url');
}

export function resetTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a token in a link must look like before it is even looked up. */
export const RESET_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
