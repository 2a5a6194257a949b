import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyMode } from '../../db/schema.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 32 letters and digits after the mode: ≈190 bits, far beyond guessing, so SHA-256 (not a slow hash) stores it. */
const SECRET_LENGTH = 32;
/** Characters of the secret shown in listings after `cassa_<mode>_`: enough to tell keys apart, useless to an attacker. */
const VISIBLE_LENGTH = 8;

export const API_KEY_PATTERN = /^cassa_(live|test)_[A-Za-z0-9]{32}$/;

export interface NewApiKeyToken {
  key: string;
  prefix: string;
  hash: string;
}

/** A new key (`cassa_test_…` / `cassa_live_…`), its listed prefix and the hash that is all the database keeps. */
export function newApiKeyToken(mode: ApiKeyMode): NewApiKeyToken {
  // Rejection sampling: 248 is the largest multiple of 62 below 256, so every character is equally likely.
  let secret = '';
  while (secret.length < SECRET_LENGTH) {
    for (const byte of randomBytes(SECRET_LENGTH)) {
      if (byte < 248 && secret.length < SECRET_LENGTH) secret += ALPHABET[byte % 62];
    }
  }
  const key = `cassa_${mode}_${secret}`;
  return { key, prefix: key.slice(0, `cassa_${mode}_`.length + VISIBLE_LENGTH), hash: apiKeyHash(key) };
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
