import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import type { ApiApp } from './api-app.ts';
import { REPLAY_HEADER } from './api-idempotency-hooks.ts';
import { requestHash } from './idempotency.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('Idempotency-Key on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
    key = await testApiKey(database.db);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const post = (url: string, payload: unknown, idempotencyKey: string | undefined, apiKey = key) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${apiKey}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const customersNamed = async (email: string) =>
    database.db.selectFrom('customers').select('id').where('email', '=', email).execute();

  it('requires an Idempotency-Key on every POST (400, nothing done)', async () => {
    const response = await post('/api/v1/customers', { name: 'No Key', email: 'no.key@example.com' }, undefined);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('idempotency_key_missing');
    expect(await customersNamed('no.key@example.com')).toHaveLength(0);
    const cancel = await app.inject({
      method: 'POST',
      url: '/api/v1/orders/ord_1/cancel',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(cancel.statusCode).toBe(400);
  });

  it('replays the first answer to a retry, saying so, without doing it again', async () => {
    const body = { name: 'Anna Verdi', email: `anna.${kind}@example.com` };
    const first = await post('/api/v1/customers', body, `create-anna-${kind}`);
    expect(first.statusCode).toBe(201);
    expect(first.headers[REPLAY_HEADER]).toBeUndefined();
    const again = await post('/api/v1/customers', body, `create-anna-${kind}`);
    expect(again.statusCode).toBe(201);
    expect(again.headers[REPLAY_HEADER]).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await customersNamed(body.email)).toHaveLength(1);
  });

  it('stores a refusal too: the same retry gets the same 4xx', async () => {
    const body = { name: 'Dup', email: `anna.${kind}@example.com` };
    const first = await post('/api/v1/customers', body, `dup-${kind}`);
    expect(first.statusCode).toBe(409);
    const again = await post('/api/v1/customers', body, `dup-${kind}`);
    expect(again.statusCode).toBe(409);
    expect(again.headers[REPLAY_HEADER]).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toEqual(first.json());
  });

  it('refuses the same key with a different body (422), and scopes keys per API key', async () => {
    const first = await post('/api/v1/customers', { name: 'Bruno', email: `bruno.${kind}@example.com` }, 'shared');
    expect(first.statusCode).toBe(201);
    const changed = await post('/api/v1/customers', { name: 'Bruno', email: `other.${kind}@example.com` }, 'shared');
    expect(changed.statusCode).toBe(422);
    expect(changed.json().code).toBe('idempotency_key_reused');
    expect(await customersNamed(`other.${kind}@example.com`)).toHaveLength(0);

    const otherKey = await testApiKey(database.db);
    const elsewhere = await post(
      '/api/v1/customers',
      { name: 'Carla', email: `carla.${kind}@example.com` },
      'shared',
      otherKey,
    );
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.headers[REPLAY_HEADER]).toBeUndefined();
  });

  it('answers 409 to the same key while the first request is still in flight', async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const body = { customer: `cus_${customerId}`, service: `svc_${subscription.id}`, kind: 'renewal' };
    // A claim left by a request still running (as the first of two concurrent requests leaves it).
    const apiKeyId = (
      await database.db
        .selectFrom('api_keys')
        .select('id')
        .where('prefix', '=', key.slice(0, 19))
        .executeTakeFirstOrThrow()
    ).id;
    await database.db
      .insertInto('api_idempotency_keys')
      .values({
        api_key_id: apiKeyId,
        key: `in-flight-${kind}`,
        request_hash: requestHash('POST', '/api/v1/orders', body),
        status: 'in_progress',
        response_status: null,
        response_body: null,
        locked_at: clock.now(),
        created_at: clock.now(),
      })
      .execute();
    const response = await post('/api/v1/orders', body, `in-flight-${kind}`);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('idempotency_key_in_use');
    // A claim abandoned for over a minute (its request died) is taken over by the retry.
    clock.advance(61_000);
    expect((await post('/api/v1/orders', body, `in-flight-${kind}`)).statusCode).toBe(201);
  });

  it('runs two concurrent requests with one key once: one 201, the other 409 or the replay; one order', async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const body = { customer: `cus_${customerId}`, service: `svc_${subscription.id}`, kind: 'renewal' };
    const answers = await Promise.all([
      post('/api/v1/orders', body, `concurrent-${kind}`),
      post('/api/v1/orders', body, `concurrent-${kind}`),
    ]);
    const statuses = answers.map((a) => a.statusCode).sort();
    const replays = answers.filter((a) => a.headers[REPLAY_HEADER] === 'true');
    expect(statuses[0]).toBe(201);
    expect(statuses[1] === 409 || (statuses[1] === 201 && replays.length === 1)).toBe(true);
    const orders = await database.db
      .selectFrom('orders')
      .select('id')
      .where('subscription_id', '=', subscription.id)
      .execute();
    expect(orders).toHaveLength(1);
  });
});
