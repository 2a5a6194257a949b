import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import pino from 'pino';
import type { Database, DatabaseKind } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-databases.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { signRequest } from '../../shared/signing.ts';
import { buildBankApp } from '../bank-app.ts';
import { BANK_TIME_ZONE, type BankConfig, SecretBytes } from '../bank-config.ts';
import { bankContext } from '../bank-context.ts';
import type { BankContext } from '../bank-deps.ts';
import { bankMigrations } from '../db/migrations/index.ts';
import type { BankDatabase } from '../db/schema.ts';
import { ensureMerchant } from '../merchants/ensure-merchant.ts';

/**
 * Test support (not a test): a real bank app on a real port over a fresh database of the given kind, with its logs
 * captured so tests can read them, and signed API calls made the way a merchant makes them.
 */
export interface TestBank {
  app: FastifyInstance;
  baseUrl: string;
  database: Database<BankDatabase>;
  ctx: BankContext;
  config: BankConfig;
  logs: string[];
  close(): Promise<void>;
}

export function testBankConfig(publicUrl = 'http://127.0.0.1:0'): BankConfig {
  return {
    publicUrl,
    production: false,
    sandboxToken: null,
    timeZone: BANK_TIME_ZONE,
    vaultKey: new SecretBytes(randomBytes(32)),
    sessionTtlSeconds: 1800,
    challengeTtlSeconds: 300,
    otpMaxAttempts: 3,
    otpMaxResends: 2,
    otpCardLimit: { maxFailures: 10, windowSeconds: 3600 },
    authorizationTtlSeconds: 7 * 24 * 3600,
    signatureToleranceSeconds: 300,
    notifications: { pollIntervalMs: 50, retryForSeconds: 24 * 3600, requestTimeoutMs: 2000 },
  };
}

export async function startTestBank(
  kind: DatabaseKind,
  options: {
    clock?: Clock;
    config?: Partial<BankConfig>;
    /** Kysely plugins the bank's app goes through (a statement counter); the kit's own reads do not. */
    plugins?: readonly KyselyPlugin[];
  } = {},
): Promise<TestBank> {
  const database = await openTestDatabase<BankDatabase>(kind, bankMigrations, { schema: 'bank' });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace' }, sink);
  const config = { ...testBankConfig(), ...options.config };
  const clock = options.clock ?? systemClock;
  const db = (options.plugins ?? []).reduce((counted, plugin) => counted.withPlugin(plugin), database.db);
  const app = await buildBankApp({ db, logger, clock, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  // The public URL is known only once listening; redirect URLs are built from it.
  config.publicUrl = baseUrl;
  return {
    app,
    baseUrl,
    database,
    ctx: bankContext({ db, logger, clock, config }),
    config,
    logs,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface TestMerchant {
  id: string;
  secret: string;
  origin: string;
}

/** A merchant of its own for each test, so tests sharing one database never see each other's rows. */
export async function createTestMerchant(bank: TestBank, origin = 'http://shop.test'): Promise<TestMerchant> {
  const merchant = { id: `m-${randomBytes(4).toString('hex')}`, secret: randomBytes(24).toString('hex'), origin };
  await ensureMerchant(bank.database.db, {
    id: merchant.id,
    name: 'Negozio di prova',
    secrets: [merchant.secret],
    allowedOrigins: [origin],
  });
  return merchant;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields one by one and compare them
  body: any;
  headers: Headers;
}

/** A signed call to the merchant API, exactly as a merchant's server sends it. */
export async function callApi(
  bank: TestBank,
  merchant: TestMerchant,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: unknown; idempotencyKey?: string; secret?: string; now?: Date; rawBody?: string } = {},
): Promise<ApiResponse> {
  const raw = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const fullPath = `/api/v1${path}`;
  const idempotencyKey = method === 'POST' ? (options.idempotencyKey ?? randomBytes(8).toString('hex')) : undefined;
  const headers: Record<string, string> = {
    'Cassa-Merchant': merchant.id,
    'Cassa-Signature': signRequest({
      secret: options.secret ?? merchant.secret,
      method,
      path: fullPath,
      idempotencyKey,
      body: raw,
      now: options.now ?? new Date(),
    }),
  };
  if (raw !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(`${bank.baseUrl}${fullPath}`, { method, headers, body: raw ?? null });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export function sessionRequest(
  merchant: TestMerchant,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    merchant_reference: `ORD-${randomBytes(3).toString('hex')}`,
    amount: 4880,
    currency: 'EUR',
    description: 'PEC Standard, 1 anno',
    customer_reference: 'cust-1',
    return_url: `${merchant.origin}/return`,
    notify_url: `${merchant.origin}/notify`,
    save_card: false,
    locale: 'it',
    ...overrides,
  };
}
