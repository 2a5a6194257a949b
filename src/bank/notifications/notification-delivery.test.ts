import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { verifySignature } from '../../shared/signing.ts';
import { startNotificationDelivery } from '../background.ts';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { createPaymentSession, createPaymentSessionSchema } from '../sessions/create-payment-session.ts';
import { expireDueSessions } from '../sessions/expire-sessions.ts';
import { newMerchant, openUseCaseKit, submittedSession } from '../testing/use-case-kit.ts';
import { deliverDueNotifications, refusalDelayMs, retryDelayMs } from './notification-delivery.ts';

interface Received {
  path: string;
  body: string;
  signature: string | undefined;
  eventId: string | undefined;
}

/** A merchant's notify endpoint: records what arrives and answers with the status the test sets for each path. */
async function fakeMerchant(): Promise<{
  server: FastifyInstance;
  origin: string;
  received: Received[];
  answers: Map<string, number[]>;
}> {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server = Fastify();
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  server.post('/notify/:name', async (request, reply) => {
    const path = request.url;
    received.push({
      path,
      body: request.body as string,
      signature: request.headers['cassa-signature'] as string | undefined,
      eventId: request.headers['cassa-event-id'] as string | undefined,
    });
    const queue = answers.get(path) ?? [];
    return reply.code(queue.shift() ?? 200).send('ok');
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, origin: `http://127.0.0.1:${address.port}`, received, answers };
}

describe.each(testDatabaseKinds())('notifications on %s', (kind) => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let ctx: BankContext;
  let database: Database<BankDatabase>;
  let merchant: Merchant;
  let shop: Awaited<ReturnType<typeof fakeMerchant>>;

  beforeAll(async () => {
    shop = await fakeMerchant();
    ({ ctx, database } = await openUseCaseKit(kind, clock));
    merchant = await newMerchant(ctx, shop.origin);
  });
  afterAll(async () => {
    await database.close();
    await shop.server.close();
  });

  const pay = (name: string, number = '5555555555554444') =>
    submittedSession(ctx, merchant, number, {
      return_url: `${shop.origin}/return`,
      notify_url: `${shop.origin}/notify/${name}`,
    });

  it('posts a signed event with the final payment session to notify_url', async () => {
    const session = await pay('signed');
    await deliverDueNotifications(ctx);
    const delivery = shop.received.find((r) => r.path === '/notify/signed')!;
    expect(
      verifySignature({
        header: delivery.signature,
        payload: delivery.body,
        secrets: merchant.secrets,
        now: clock.now(),
      }).ok,
    ).toBe(true);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      id: delivery.eventId,
      type: 'payment_session.captured',
      payment_session: { id: session.id, status: 'captured', amount: 4880, three_ds: { method: 'frictionless' } },
    });
    const row = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('payment_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.delivered_at).not.toBeNull();
  });

  it('retries with exponential backoff until a 2xx, with the same event id', async () => {
    shop.answers.set('/notify/retry', [500, 503]);
    const session = await pay('retry', '4000000000009995');
    await deliverDueNotifications(ctx);
    // Not due again before its backoff.
    expect(await deliverDueNotifications(ctx)).toBe(0);
    clock.advance(13_000);
    await deliverDueNotifications(ctx);
    clock.advance(10_000);
    expect(await deliverDueNotifications(ctx)).toBe(0);
    clock.advance(15_000);
    await deliverDueNotifications(ctx);
    const deliveries = shop.received.filter((r) => r.path === '/notify/retry');
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(1);
    expect(JSON.parse(deliveries[0]!.body).type).toBe('payment_session.declined');
    const row = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('payment_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 3, last_error: null });
    expect(row.delivered_at).not.toBeNull();
  });

  it('survives a restart: a new delivery loop sends what the stopped one left', async () => {
    shop.answers.set('/notify/restart', [500]);
    const first = startNotificationDelivery(ctx);
    await pay('restart');
    await waitFor(() => shop.received.some((r) => r.path === '/notify/restart'));
    await first.stop();
    clock.advance(60_000);
    const second = startNotificationDelivery(ctx);
    await waitFor(() => shop.received.filter((r) => r.path === '/notify/restart').length === 2);
    await second.stop();
  });

  it('keeps trying for at least 24 hours, then gives up', async () => {
    shop.answers.set('/notify/down', Array(100).fill(500));
    const session = await pay('down');
    let passes = 0;
    const start = clock.now().getTime();
    while (clock.now().getTime() - start < 25 * 3600_000 && passes < 200) {
      await deliverDueNotifications(ctx);
      const row = await ctx.db
        .selectFrom('notifications')
        .selectAll()
        .where('payment_session_id', '=', session.id)
        .executeTakeFirstOrThrow();
      if (row.gave_up_at) break;
      clock.set(row.next_attempt_at);
      passes++;
    }
    const row = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('payment_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.gave_up_at).not.toBeNull();
    // The last try falls at most one longest backoff (an hour, +20 % jitter) before the deadline: it gives up then.
    const retryForMs = ctx.config.notifications.retryForSeconds * 1000;
    expect(retryForMs).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(row.gave_up_at!.getTime() - row.created_at.getTime()).toBeGreaterThanOrEqual(retryForMs - 1.2 * 3600_000);
    expect(row.attempts).toBeGreaterThan(10);
  });

  it('a session nobody finishes expires and its merchant is told', async () => {
    const { session } = await createPaymentSession(
      ctx,
      merchant,
      createPaymentSessionSchema.parse({
        merchant_reference: 'ORD-EXP',
        amount: 100,
        currency: 'EUR',
        description: 'x',
        customer_reference: 'c',
        return_url: `${shop.origin}/return`,
        notify_url: `${shop.origin}/notify/expired`,
      }),
    );
    clock.advance(31 * 60_000);
    await expireDueSessions(ctx);
    await deliverDueNotifications(ctx);
    const delivery = shop.received.find((r) => r.path === '/notify/expired')!;
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'payment_session.expired',
      payment_session: { id: session.id, status: 'expired' },
    });
  });

  it('a merchant not listening yet (connection refused) is tried again within seconds, spending no attempt', async () => {
    // A port nothing listens on, for now: the merchant is restarting.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const origin = `http://127.0.0.1:${port}`;
    const restarting = await newMerchant(ctx, origin);
    const session = await submittedSession(ctx, restarting, '5555555555554444', {
      return_url: `${origin}/return`,
      notify_url: `${origin}/notify/restarting`,
    });
    const row = () =>
      ctx.db
        .selectFrom('notifications')
        .selectAll()
        .where('payment_session_id', '=', session.id)
        .executeTakeFirstOrThrow();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await deliverDueNotifications(ctx);
      const current = await row();
      expect(current).toMatchObject({ attempts: 0, refusals: i + 1, delivered_at: null, gave_up_at: null });
      delays.push(current.next_attempt_at.getTime() - clock.now().getTime());
      clock.set(current.next_attempt_at);
    }
    expect(delays[0]).toBeLessThanOrEqual(1200);
    expect(Math.max(...delays)).toBeLessThanOrEqual(36_000);
    expect((await row()).last_error).toBe('connection refused');

    const back = Fastify();
    back.post('/notify/restarting', async () => 'ok');
    await back.listen({ port, host: '127.0.0.1' });
    try {
      await deliverDueNotifications(ctx);
      const delivered = await row();
      expect(delivered).toMatchObject({ attempts: 1, refusals: 0, last_error: null });
      expect(delivered.delivered_at).not.toBeNull();
    } finally {
      await back.close();
    }
  });

  it('a real failure after refusals backs off from where the attempts were, not from the refusals', async () => {
    shop.answers.set('/notify/after-refusal', [500]);
    const session = await pay('after-refusal');
    await ctx.db
      .updateTable('notifications')
      .set({ refusals: 6 })
      .where('payment_session_id', '=', session.id)
      .execute();
    await deliverDueNotifications(ctx);
    const row = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('payment_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, refusals: 0, last_error: 'HTTP 500' });
    const delay = row.next_attempt_at.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(8000);
    expect(delay).toBeLessThanOrEqual(12_000);
  });

  it('backs off exponentially from 10 seconds up to an hour', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(20_000);
    expect(retryDelayMs(5, () => 0.5)).toBe(160_000);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(8_000);
    expect(refusalDelayMs(1, () => 0.5)).toBe(1000);
    expect(refusalDelayMs(3, () => 0.5)).toBe(4000);
    expect(refusalDelayMs(50, () => 0.5)).toBe(30_000);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
