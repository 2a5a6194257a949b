import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { VAULT_KEY_BYTES } from './cards/vault.ts';

/** Key material that prints as "[secret]" if a config object is ever logged. */
export class SecretBytes {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  reveal(): Buffer {
    return this.#bytes;
  }
  toJSON(): string {
    return '[secret]';
  }
  toString(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}

/** The bank's own configuration; it shares nothing with the merchant's. */
export interface BankConfig {
  /** Origin (and optional path) the customer's browser reaches the bank at, without a trailing slash. */
  publicUrl: string;
  production: boolean;
  /**
   * A public demo's sandbox access token (SANDBOX_TOKEN): when set, the cardholders' phone and app pages ask for it
   * (shared/sandbox-access.ts). Null: they are open, as on a developer's machine.
   */
  sandboxToken: string | null;
  /**
   * The bank's own calendar, for card expiry: a card valid through 12/2026 can be used until midnight on 31 December
   * there. Europe/Rome: the Banca Sandbox plays an Italian acquirer and issuer. Fixed, not the merchant's
   * BUSINESS_TIME_ZONE: the bank shares nothing with the merchant.
   */
  timeZone: string;
  /** AES-256-GCM key of the card vault (also the root of the OTP hashing key). */
  vaultKey: SecretBytes;
  /** How long a customer has to finish a payment session after the merchant creates it. */
  sessionTtlSeconds: number;
  /** Lifetime of an SMS code or an app approval request. */
  challengeTtlSeconds: number;
  otpMaxAttempts: number;
  otpMaxResends: number;
  /**
   * Wrong codes counted per card as well as per challenge: after `maxFailures` on one card within `windowSeconds`,
   * the bank refuses new challenges on it, so guessing cannot go on by opening one payment after another.
   */
  otpCardLimit: { maxFailures: number; windowSeconds: number };
  /** How long an authorization holds the money under manual capture; one not captured by then lapses (voided). */
  authorizationTtlSeconds: number;
  /** Accepted clock difference on signed requests. */
  signatureToleranceSeconds: number;
  notifications: {
    pollIntervalMs: number;
    /** The bank keeps retrying a notification for this long before giving up (at least 24 h). */
    retryForSeconds: number;
    requestTimeoutMs: number;
  };
}

/** Where the sandbox bank is (see BankConfig.timeZone). */
export const BANK_TIME_ZONE = 'Europe/Rome';

export class BankConfigError extends Error {
  override name = 'BankConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Reads the bank's configuration. The vault key comes from `BANK_VAULT_KEY` (base64 of 32 bytes); outside production
 * it may instead be generated once into `<dataDir>/bank/vault.key` (mode 0600) and reused on every later start.
 */
export function loadBankConfig(options: {
  env: Env;
  dataDir: string;
  publicUrl: string;
  sandboxToken?: string | null;
}): BankConfig {
  const { env } = options;
  const production = env.NODE_ENV === 'production';
  return {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    production,
    sandboxToken: options.sandboxToken ?? null,
    timeZone: BANK_TIME_ZONE,
    vaultKey: new SecretBytes(loadVaultKey(env.BANK_VAULT_KEY, options.dataDir, production)),
    sessionTtlSeconds: positiveInt(env, 'BANK_SESSION_TTL_SECONDS', 30 * 60),
    challengeTtlSeconds: positiveInt(env, 'BANK_CHALLENGE_TTL_SECONDS', 5 * 60),
    otpMaxAttempts: 3,
    otpMaxResends: 2,
    otpCardLimit: { maxFailures: 10, windowSeconds: 3600 },
    authorizationTtlSeconds: positiveInt(env, 'BANK_AUTHORIZATION_TTL_SECONDS', 7 * 24 * 3600),
    signatureToleranceSeconds: 300,
    notifications: {
      pollIntervalMs: positiveInt(env, 'BANK_NOTIFY_POLL_MS', 1000),
      retryForSeconds: Math.max(24 * 3600, positiveInt(env, 'BANK_NOTIFY_RETRY_FOR_SECONDS', 72 * 3600)),
      requestTimeoutMs: 10_000,
    },
  };
}

function loadVaultKey(fromEnv: string | undefined, dataDir: string, production: boolean): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== VAULT_KEY_BYTES || key.toString('base64') !== fromEnv.trim()) {
      throw new BankConfigError(
        'BANK_VAULT_KEY must be the base64 of exactly 32 random bytes (generate one with `openssl rand -base64 32`)',
      );
    }
    return key;
  }
  if (production) {
    throw new BankConfigError(
      'NODE_ENV=production needs BANK_VAULT_KEY (base64 of 32 bytes): a key generated beside the data would not protect it',
    );
  }
  const file = path.join(dataDir, 'bank', 'vault.key');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting together cannot both write a different key.
    fs.writeFileSync(file, `${randomBytes(VAULT_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== VAULT_KEY_BYTES) throw new BankConfigError(`${file} does not hold a base64 32-byte key`);
  return key;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new BankConfigError(`${name} must be a positive integer (got "${value}")`);
  return n;
}
