import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { createWebhookEndpoint } from './create-webhook-endpoint.ts';
import { getWebhookEndpoint } from './get-webhook-endpoints.ts';
import { retryWebhookDelivery } from './retry-webhook-delivery.ts';
import { rotateWebhookSecret } from './rotate-webhook-secret.ts';
import { startTestReceiver, type TestReceiver } from './testing/test-receiver.ts';
import { openWebhookKit, type WebhookKit } from './testing/webhook-kit.ts';
import { updateWebhookEndpoint } from './update-webhook-endpoint.ts';
import { getWebhookDelivery, listWebhookDeliveries } from './webhook-deliveries.ts';
import { RESPONSE_BODY_LIMIT } from './webhook-http.ts';
import { MAX_TRIES, RETRY_DELAYS_MS } from './webhook-schedule.ts';

describe.each(testDatabaseKinds())('webhook deliveries on %s', (kind) => {
  let kit: WebhookKit;
  let receiver: TestReceiver;
  beforeAll(async () => {
    kit = await openWebhookKit(kind);
  });
  afterAll(() => kit.close());
  afterEach(async () => {
    await receiver?.close();
    // Each test starts with no endpoint listening, so an earlier test's endpoints get nothing new.
    await kit.db.updateTable('webhook_endpoints').set({ status: 'disabled' }).execute();
  });

  async function endpointFor(url: string, events: string[] = ['*']) {
    const created = await createWebhookEndpoint(kit.deps, { url, events });
    if (!created.ok) throw new Error(created.message);
    return created;
  }

  /** Runs the queue, moving the clock to each next due job, until nothing is left to run within `horizonMs`. */
  async function runUntilQuiet(horizonMs: number) {
    const end = kit.clock.now().getTime() + horizonMs;
    for (let i = 0; i < 500; i++) {
      await kit.drain();
      const next = await kit.db
        .selectFrom('jobs')
        .select('run_at')
        .where('queue', '=', 'webhook.deliver')
        .where('status', '=', 'queued')
        .orderBy('run_at')
        .limit(1)
        .executeTakeFirst();
      if (!next || next.run_at.getTime() > end) return;
      if (next.run_at > kit.clock.now()) kit.clock.set(next.run_at);
    }
    throw new Error('the queue did not settle');
  }

  it('a receiver that is down, then up, gets every event once by id, each object in order', async () => {
    receiver = await startTestReceiver();
    const { endpoint } = await endpointFor(receiver.url);
    receiver.respond = () => ({ status: 500, body: 'down' });
    const sent = [
      await kit.emit('order.created', 'ord_1'),
      await kit.emit('order.created', 'ord_2'),
      await kit.emit('order.paid', 'ord_1'),
      await kit.emit('order.paid', 'ord_2'),
      await kit.emit('order.cancelled', 'ord_1'),
    ];
    await kit.drain();
    // Only the first event of each object was tried: the later ones wait behind them.
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([sent[0], sent[1]]));
    kit.clock.advance(5 * 60_000); // the receiver comes back after five minutes
    receiver.respond = () => ({ status: 204 });
    await runUntilQuiet(86_400_000);

    const accepted = receiver.received.filter((r) => r.answered === 204).map((r) => r.id);
    expect(new Set(accepted)).toEqual(new Set(sent));
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set(sent));
    const firstAccepted = (id: string) => accepted.indexOf(id);
    expect(firstAccepted(sent[0] as string)).toBeLessThan(firstAccepted(sent[2] as string));
    expect(firstAccepted(sent[2] as string)).toBeLessThan(firstAccepted(sent[4] as string));
    expect(firstAccepted(sent[1] as string)).toBeLessThan(firstAccepted(sent[3] as string));
    // No later event of an object reached the receiver while an earlier one was undelivered.
    for (const [earlier, later] of [
      [0, 2],
      [2, 4],
      [1, 3],
    ] as const) {
      const firstSeen = receiver.received.findIndex((r) => r.id === sent[later]);
      expect(firstSeen).toBeGreaterThan(
        receiver.received.findIndex((r) => r.id === sent[earlier] && r.answered === 204),
      );
    }
    const log = await listWebhookDeliveries(kit.deps, endpoint.id);
    expect(log?.data.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('a refused connection is retried on the schedule until the receiver listens again', async () => {
    const probe = await startTestReceiver();
    const port = probe.port;
    await probe.close();
    await endpointFor(`http://127.0.0.1:${port}/hook`);
    const id = await kit.emit('card.saved', 'card_9');
    await kit.drain();
    receiver = await startTestReceiver(port);
    await runUntilQuiet(3_600_000);
    expect(receiver.received.map((r) => r.id)).toEqual([id]);
    const delivery = await kit.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    const tries = await kit.db
      .selectFrom('webhook_delivery_attempts')
      .selectAll()
      .where('delivery_id', '=', delivery.id)
      .orderBy('id')
      .execute();
    expect(tries[0]?.error).toMatch(/ECONNREFUSED/);
    expect(tries[1]).toMatchObject({ response_status: 200, error: null });
  });

  it('follows the 3-day schedule, then fails the delivery, disables the endpoint and emails operations', async () => {
    receiver = await startTestReceiver();
    receiver.respond = () => ({ status: 503, body: 'maintenance' });
    const { endpoint } = await endpointFor(receiver.url, ['order.paid']);
    const started = kit.clock.now().getTime();
    await kit.emit('order.paid', 'ord_77');
    await runUntilQuiet(7 * 86_400_000);

    const [summary] = (await listWebhookDeliveries(kit.deps, endpoint.id))?.data ?? [];
    const delivery = await getWebhookDelivery(kit.deps, endpoint.id, summary?.id as string);
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: MAX_TRIES,
      next_try_at: null,
      last_response_status: 503,
    });
    const at = delivery?.tries.map((t) => Date.parse(t.at)) ?? [];
    expect(at.slice(1).map((t, i) => t - (at[i] as number))).toEqual([...RETRY_DELAYS_MS]);
    const hours = ((at.at(-1) as number) - started) / 3_600_000;
    expect(hours).toBeGreaterThan(72);
    expect(hours).toBeLessThan(80);
    expect(delivery?.tries.map((t) => t.next_try_at)).toEqual([
      ...at.slice(1).map((t) => new Date(t).toISOString()),
      null,
    ]);
    expect(receiver.received).toHaveLength(MAX_TRIES);

    expect(await getWebhookEndpoint(kit.deps, endpoint.id)).toMatchObject({ status: 'disabled' });
    const email = await kit.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('template', '=', 'webhook_endpoint_disabled')
      .executeTakeFirstOrThrow();
    expect(email).toMatchObject({ to_address: 'operations@cassa.local', locale: 'it' });
    expect(email.data).toMatchObject({ endpointId: endpoint.id, url: receiver.url, lastError: 'HTTP 503' });

    // A disabled endpoint receives nothing new; enabled again, it gets a fresh count.
    await kit.emit('order.paid', 'ord_78');
    await kit.drain();
    expect(receiver.received).toHaveLength(MAX_TRIES);
    receiver.respond = () => ({ status: 200 });
    expect(await updateWebhookEndpoint(kit.deps, endpoint.id, { enabled: true })).toMatchObject({
      ok: true,
      endpoint: { status: 'enabled', consecutive_failures: 0 },
    });
  });

  it('signs so that standardwebhooks verifies, with the old and the new secret during a rotation', async () => {
    receiver = await startTestReceiver();
    const created = await endpointFor(receiver.url, ['order.created']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const first = await kit.emit('order.created', 'ord_5', { order: { id: 'ord_5', state: 'awaiting_payment' } });
    await kit.drain();
    const [one] = receiver.received;
    expect(one?.headers['content-type']).toBe('application/json');
    expect(one?.headers['user-agent']).toMatch(/^Cassa-Webhooks\//);
    expect(one?.timestamp).toBe(String(Math.floor(kit.clock.now().getTime() / 1000)));
    const headers = {
      'webhook-id': one?.id ?? '',
      'webhook-timestamp': one?.timestamp ?? '',
      'webhook-signature': one?.signature ?? '',
    };
    // Verify checks the timestamp against the real time: the test's clock is set in the past.
    const verifyAt = (secret: string, h: Record<string, string>, body: string) => {
      const now = Date.now;
      Date.now = () => Number(h['webhook-timestamp']) * 1000;
      try {
        return new Webhook(secret).verify(body, h);
      } finally {
        Date.now = now;
      }
    };
    expect(verifyAt(created.secret, headers, one?.body ?? '')).toEqual({
      id: first,
      type: 'order.created',
      created_at: kit.clock.now().toISOString(),
      data: { order: { id: 'ord_5', state: 'awaiting_payment' } },
    });
    expect(() => verifyAt(created.secret, headers, `${one?.body} `)).toThrow();

    const rotated = await rotateWebhookSecret(kit.deps, created.endpoint.id);
    if (!rotated.ok) throw new Error(rotated.message);
    expect(rotated.endpoint.previous_secret_expires_at).toBe(
      new Date(kit.clock.now().getTime() + 86_400_000).toISOString(),
    );
    await kit.emit('order.created', 'ord_6');
    await kit.drain();
    const two = receiver.received[1];
    const h2 = {
      'webhook-id': two?.id ?? '',
      'webhook-timestamp': two?.timestamp ?? '',
      'webhook-signature': two?.signature ?? '',
    };
    expect(two?.signature.split(' ')).toHaveLength(2);
    expect(verifyAt(rotated.secret, h2, two?.body ?? '')).toMatchObject({ type: 'order.created' });
    expect(verifyAt(created.secret, h2, two?.body ?? '')).toMatchObject({ type: 'order.created' });

    kit.clock.advance(86_400_000 + 1_000); // the overlap is over: only the new secret signs
    await kit.emit('order.created', 'ord_7');
    await kit.drain();
    const three = receiver.received[2];
    const h3 = {
      'webhook-id': three?.id ?? '',
      'webhook-timestamp': three?.timestamp ?? '',
      'webhook-signature': three?.signature ?? '',
    };
    expect(verifyAt(rotated.secret, h3, three?.body ?? '')).toMatchObject({ type: 'order.created' });
    expect(() => verifyAt(created.secret, h3, three?.body ?? '')).toThrow();
  });

  it('gives up on a receiver that never answers after the timeout, and keeps 2 KB of a long answer', async () => {
    receiver = await startTestReceiver();
    const slow = await openWebhookKit(kind, { timeoutMs: 150 });
    try {
      const created = await createWebhookEndpoint(slow.deps, { url: receiver.url, events: ['*'] });
      if (!created.ok) throw new Error(created.message);
      receiver.respond = () => 'hang';
      await slow.emit('renewal.failed', 'svc_1');
      await slow.drain();
      const [hung] = (await listWebhookDeliveries(slow.deps, created.endpoint.id))?.data ?? [];
      expect(hung).toMatchObject({ status: 'pending', attempts: 1, last_response_status: null });
      expect(hung?.last_error).toBe('timed out after 150 ms');

      receiver.respond = () => ({ status: 500, body: 'x'.repeat(10_000) });
      slow.clock.advance(5_000);
      await slow.drain();
      const [long] = (await listWebhookDeliveries(slow.deps, created.endpoint.id))?.data ?? [];
      expect(long).toMatchObject({ attempts: 2, last_response_status: 500 });
      expect(long?.last_response_body).toHaveLength(RESPONSE_BODY_LIMIT);
    } finally {
      await slow.close();
    }
  });

  it('redelivers by hand, even a failed delivery, with the same id', async () => {
    receiver = await startTestReceiver();
    receiver.respond = () => ({ status: 410 });
    const { endpoint } = await endpointFor(receiver.url, ['payment.refunded']);
    const id = await kit.emit('payment.refunded', 'pa_x');
    await kit.drain();
    await kit.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', next_try_at: null })
      .where('event_id', '=', id)
      .execute();
    const [delivery] = (await listWebhookDeliveries(kit.deps, endpoint.id))?.data ?? [];
    receiver.respond = () => ({ status: 200 });
    const retried = await retryWebhookDelivery(kit.deps, endpoint.id, delivery?.id as string);
    expect(retried).toMatchObject({ ok: true, queued: true });
    await kit.drain();
    expect(receiver.received.map((r) => r.id)).toEqual([id, id]);
    const after = await getWebhookDelivery(kit.deps, endpoint.id, delivery?.id as string);
    expect(after).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(after?.tries.map((t) => t.manual)).toEqual([false, true]);
    expect(after?.tries[1]?.request.headers['webhook-signature']).toBe('(redacted)');
    expect(await retryWebhookDelivery(kit.deps, 'we_999999', delivery?.id as string)).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
