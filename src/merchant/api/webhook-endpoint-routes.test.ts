import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { drainQueue } from '../../jobs/worker.ts';
import { ManualClock } from '../../shared/clock.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import { startTestReceiver, type TestReceiver } from '../webhooks/testing/test-receiver.ts';
import { webhookDepsFrom } from '../webhooks/webhook-deps.ts';
import { webhookQueue } from '../webhooks/webhook-queue.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe.each(testDatabaseKinds())('webhook endpoint routes on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  let readOnlyKey: string;
  let receiver: TestReceiver;
  let n = 0;
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
    key = await testApiKey(database.db);
    readOnlyKey = await testApiKey(database.db, 'read');
    receiver = await startTestReceiver();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await database?.close();
  });

  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const post = (url: string, payload: Record<string, unknown> = {}, bearer = key) => {
    n += 1;
    return app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${bearer}`, 'idempotency-key': `${kind}-hooks-${n}` },
      payload,
    });
  };
  const newEndpoint = async (events: string[] = ['order.created', 'order.paid']) => {
    const created = await post('/api/v1/webhook-endpoints', { url: receiver.url, events });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: string; secret: string };
  };
  /** The delivery worker, run once at the clock's now, with the test config's deps (as main.ts builds them). */
  const drain = () =>
    drainQueue(
      { db: database.db, clock, logger: silent, workerId: `routes-${kind}` },
      webhookQueue(webhookDepsFrom(loadConfig({ NODE_ENV: 'test' }), database.db, clock)),
    );

  it('creates an endpoint, answering 201 with its secret once; get and list never show it', async () => {
    const created = await post('/api/v1/webhook-endpoints', {
      url: 'http://127.0.0.1:4999/hook',
      events: ['order.created', 'order.paid'],
      description: 'ERP',
    });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json();
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^we_\d+$/),
      object: 'webhook_endpoint',
      url: 'http://127.0.0.1:4999/hook',
      description: 'ERP',
      events: ['order.created', 'order.paid'],
      status: 'enabled',
      disabled_reason: null,
      consecutive_failures: 0,
      previous_secret_expires_at: null,
      created_at: '2026-12-02T10:00:00.000Z',
      updated_at: '2026-12-02T10:00:00.000Z',
      secret: expect.stringMatching(/^whsec_/),
    });
    const { secret, ...shown } = endpoint;
    const got = await get(`/api/v1/webhook-endpoints/${endpoint.id}`);
    expect(got.json()).toEqual(shown);
    const list = await get('/api/v1/webhook-endpoints?limit=100');
    expect(list.json()).toMatchObject({ object: 'list', has_more: false });
    expect(list.json().data).toContainEqual(shown);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain('whsec_');
    // Not left to receive the next tests' events on a port nobody listens on.
    expect((await post(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false })).statusCode).toBe(200);
  });

  it('refuses a bad URL, an unknown event type and a bad overlap with 422 and their codes; unknown ids are 404', async () => {
    const badUrl = await post('/api/v1/webhook-endpoints', { url: 'ftp://example.com/hook', events: ['order.paid'] });
    expect(badUrl.statusCode).toBe(422);
    expect(badUrl.headers['content-type']).toContain('application/problem+json');
    expect(badUrl.json().code).toBe('invalid_url');
    const badEvent = await post('/api/v1/webhook-endpoints', { url: receiver.url, events: ['order.eaten'] });
    expect(badEvent.statusCode).toBe(422);
    expect(badEvent.json()).toMatchObject({ code: 'invalid_events', detail: expect.stringContaining('order.eaten') });
    const endpoint = await newEndpoint(['card.saved']);
    const badOverlap = await post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: -1 });
    expect(badOverlap.statusCode).toBe(422);
    expect(badOverlap.json().code).toBe('invalid_overlap');
    const missing = await get('/api/v1/webhook-endpoints/we_999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('webhook_endpoint_not_found');
    expect((await post('/api/v1/webhook-endpoints/nonsense', { enabled: true })).json().code).toBe(
      'webhook_endpoint_not_found',
    );
    expect((await get('/api/v1/webhook-endpoints/we_999999/deliveries')).statusCode).toBe(404);
    const noDelivery = await get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/wd_999999`);
    expect(noDelivery.statusCode).toBe(404);
    expect(noDelivery.json().code).toBe('webhook_delivery_not_found');
  });

  it('refuses a read-only key on every write with 403, and lets it read', async () => {
    const endpoint = await newEndpoint(['card.saved']);
    const create = await post('/api/v1/webhook-endpoints', { url: receiver.url, events: ['order.paid'] }, readOnlyKey);
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('insufficient_scope');
    expect((await post(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false }, readOnlyKey)).statusCode).toBe(
      403,
    );
    expect((await post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {}, readOnlyKey)).statusCode).toBe(
      403,
    );
    const read = await app.inject({
      url: `/api/v1/webhook-endpoints/${endpoint.id}`,
      headers: { authorization: `Bearer ${readOnlyKey}` },
    });
    expect(read.statusCode).toBe(200);
  });

  it('updates url, events and description, disables then enables an endpoint', async () => {
    const endpoint = await newEndpoint(['card.saved']);
    const updated = await post(`/api/v1/webhook-endpoints/${endpoint.id}`, {
      url: `${receiver.url}?v=2`,
      events: ['order.paid', 'payment.refunded'],
      description: 'accounting',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      url: `${receiver.url}?v=2`,
      events: ['order.paid', 'payment.refunded'],
      description: 'accounting',
      status: 'enabled',
    });
    expect(updated.json()).not.toHaveProperty('secret');
    const disabled = await post(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
    expect(disabled.json()).toMatchObject({ status: 'disabled', disabled_reason: 'disabled by request' });
    expect((await get(`/api/v1/webhook-endpoints/${endpoint.id}`)).json().status).toBe('disabled');
    const enabled = await post(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ status: 'enabled', disabled_reason: null, consecutive_failures: 0 });
    const invalid = await post(`/api/v1/webhook-endpoints/${endpoint.id}`, { events: [] });
    expect(invalid.statusCode).toBe(400);
  });

  it('rotates the secret: a new one, shown in that answer only, with the old one signing during the overlap', async () => {
    const endpoint = await newEndpoint(['card.saved']);
    const rotated = await post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: 3600 });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(endpoint.secret);
    expect(body.previous_secret_expires_at).toBe('2026-12-02T11:00:00.000Z');
    const got = await get(`/api/v1/webhook-endpoints/${endpoint.id}`);
    expect(got.body).not.toContain('whsec_');
    const noBody = await app.inject({
      method: 'POST',
      url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`,
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': `${kind}-hooks-no-body` },
    });
    expect(noBody.json()).toMatchObject({ secret: expect.stringMatching(/^whsec_/) });
    expect(noBody.statusCode).toBe(200);
    expect(noBody.json().previous_secret_expires_at).toBe('2026-12-03T10:00:00.000Z');
    const noOverlap = await post(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { overlap_seconds: 0 });
    expect(noOverlap.json()).toMatchObject({
      previous_secret_expires_at: null,
      secret: expect.stringMatching(/^whsec_/),
    });
  });

  it('logs the delivery of an order created by API, with its tries after the worker ran it, and retries it (202)', async () => {
    const endpoint = await newEndpoint(['order.created']);
    const { customerId, subscription } = await customerWithService(database.db);
    const order = await post('/api/v1/orders', {
      customer: `cus_${customerId}`,
      service: `svc_${subscription.id}`,
      kind: 'renewal',
    });
    expect(order.statusCode).toBe(201);
    const deliveries = `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`;
    const pending = (await get(deliveries)).json();
    expect(pending).toMatchObject({ object: 'list', has_more: false });
    expect(pending.data).toEqual([
      expect.objectContaining({ object: 'webhook_delivery', endpoint: endpoint.id, event_type: 'order.created' }),
    ]);
    const delivery = pending.data[0];
    expect(delivery).toMatchObject({ id: expect.stringMatching(/^wd_\d+$/), status: 'pending', attempts: 0 });
    expect((await get(`${deliveries}?status=delivered`)).json().data).toEqual([]);

    receiver.received.length = 0;
    await drain();
    const mine = receiver.received.filter((r) => r.id === delivery.event);
    expect(mine).toHaveLength(1);
    const sent = mine[0];
    if (!sent) throw new Error('no delivery received');
    // verify() checks the timestamp against the real time, and the test's clock is set in the past.
    const realNow = Date.now;
    Date.now = () => Number(sent.timestamp) * 1000;
    let verified: unknown;
    try {
      verified = new Webhook(endpoint.secret).verify(sent.body, {
        'webhook-id': sent.id,
        'webhook-timestamp': sent.timestamp,
        'webhook-signature': sent.signature,
      });
    } finally {
      Date.now = realNow;
    }
    expect(verified).toMatchObject({ type: 'order.created', data: { order: { id: order.json().id } } });

    const detail = await get(`${deliveries}/${delivery.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: delivery.id,
      status: 'delivered',
      attempts: 1,
      last_response_status: 200,
    });
    expect(detail.json().tries).toEqual([
      expect.objectContaining({ attempt: 1, manual: false, response_status: 200, request: expect.any(Object) }),
    ]);
    expect(detail.body).not.toContain(endpoint.secret);
    expect((await get(`${deliveries}?status=delivered`)).json().data.map((d: { id: string }) => d.id)).toEqual([
      delivery.id,
    ]);

    const retried = await post(`${deliveries}/${delivery.id}/retry`);
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ queued: true, delivery: { id: delivery.id } });
    await drain();
    expect(receiver.received.filter((r) => r.id === delivery.event)).toHaveLength(2);
    const tries = (await get(`${deliveries}/${delivery.id}`)).json().tries;
    expect(tries).toHaveLength(2);
    expect(tries[1]).toMatchObject({ manual: true, response_status: 200 });
    const otherEndpoint = await newEndpoint(['card.saved']);
    const wrongEndpoint = await post(`/api/v1/webhook-endpoints/${otherEndpoint.id}/deliveries/${delivery.id}/retry`);
    expect(wrongEndpoint.statusCode).toBe(404);
    expect(wrongEndpoint.json().code).toBe('webhook_delivery_not_found');
  });
});
