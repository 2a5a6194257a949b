import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { revokeApiKey } from '../api-keys/api-key-repository.ts';
import { AREA_SESSION_COOKIE } from '../area/area-app.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('API authentication on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  // 10:00:30: the rate limit's minute window started 30 s ago.
  const clock = new ManualClock('2026-12-02T10:00:30Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock, { env: { API_RATE_LIMIT_PER_MINUTE: '5' } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (authorization?: string, cookie?: string) =>
    app.inject({
      url: '/api/v1/products',
      headers: { ...(authorization ? { authorization } : {}), ...(cookie ? { cookie } : {}) },
    });

  it('answers 401 as a problem without a key, with an unknown key, and with a revoked key', async () => {
    const missing = await get();
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ status: 401, code: 'unauthenticated', type: expect.any(String) });
    expect((await get('Bearer cassa_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(401);
    expect((await get('Basic dXNlcjpwYXNz')).statusCode).toBe(401);

    const key = await testApiKey(database.db, 'read');
    expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
    await revokeApiKey(database.db, key.slice(0, 19), clock.now());
    const revoked = await get(`Bearer ${key}`);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('unauthenticated');
  });

  it("never lets a customer's Area Clienti session act: a valid session cookie and no key is 401", async () => {
    const { customerId } = await customerWithService(database.db);
    const token = 'a-real-area-session-token-for-this-test';
    await database.db
      .insertInto('web_sessions')
      .values({
        id_hash: createHash('sha256').update(token).digest('hex'),
        app: 'area',
        customer_id: customerId,
        csrf_token: 'csrf',
        locale: 'it',
        created_at: clock.now(),
        last_seen_at: clock.now(),
      })
      .execute();
    const response = await app.inject({
      url: `/api/v1/customers/cus_${customerId}`,
      headers: { cookie: `${AREA_SESSION_COOKIE}=${token}` },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });

  it('refuses a write with a read-only key (403) and allows its reads', async () => {
    const key = await testApiKey(database.db, 'read');
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'k1' },
      payload: { name: 'Read Only', email: 'read.only@example.com' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('insufficient_scope');
    const remove = await app.inject({
      method: 'DELETE',
      url: '/api/v1/cards/card_1',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(remove.statusCode).toBe(403);
    expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
  });

  it('limits each key per minute: 429 with Retry-After until the window ends, other keys unaffected', async () => {
    const key = await testApiKey(database.db, 'read');
    const other = await testApiKey(database.db, 'read');
    for (let i = 0; i < 5; i += 1) expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
    const limited = await get(`Bearer ${key}`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('30');
    expect((await get(`Bearer ${other}`)).statusCode).toBe(200);
    clock.advance(30_000);
    expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
  });

  it('notes when a key was last used', async () => {
    const key = await testApiKey(database.db, 'read');
    await get(`Bearer ${key}`);
    const row = await database.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('prefix', '=', key.slice(0, 19))
      .executeTakeFirstOrThrow();
    expect(row.last_used_at?.toISOString()).toBe(clock.now().toISOString());
  });
});
