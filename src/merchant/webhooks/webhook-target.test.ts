import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { PRODUCTION_ENV } from '../../testing/production-env.ts';
import { createWebhookEndpoint } from './create-webhook-endpoint.ts';
import { startTestReceiver, type TestReceiver } from './testing/test-receiver.ts';
import { openWebhookKit, type WebhookKit } from './testing/webhook-kit.ts';
import { listWebhookDeliveries } from './webhook-deliveries.ts';
import { webhookDepsFrom } from './webhook-deps.ts';
import { isPrivateAddress } from './webhook-target.ts';

const PRODUCTION = PRODUCTION_ENV;

describe('which addresses are private', () => {
  it('counts loopback, link-local, RFC 1918, unique-local, unspecified and IPv4-mapped ones', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});

describe.each(testDatabaseKinds())('the SSRF guard on %s', (kind) => {
  let kit: WebhookKit;
  let receiver: TestReceiver;
  beforeAll(async () => {
    kit = await openWebhookKit(kind);
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await kit.close();
  });

  const depsFor = (env: Record<string, string>) => ({
    ...kit.deps,
    ...webhookDepsFrom(loadConfig(env), kit.db, kit.clock),
  });

  it('in production refuses an endpoint on a private, loopback or link-local address, checking what a name resolves to', async () => {
    const production = depsFor(PRODUCTION);
    for (const url of [
      'http://127.0.0.1:4999/hook',
      'http://localhost:4999/hook',
      'http://[::1]/hook',
      'http://10.0.0.8/hook',
      'http://192.168.1.20/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(await createWebhookEndpoint(production, { url, events: ['*'] }), url).toMatchObject({
        ok: false,
        code: 'target_refused',
      });
    }
  });

  it('refuses anything but http and https, and credentials in the URL, everywhere', async () => {
    const development = depsFor({});
    for (const url of [
      'ftp://example.com/x',
      'file:///etc/passwd',
      'gopher://127.0.0.1/',
      'not a url',
      'http://u:p@127.0.0.1/',
    ]) {
      expect(await createWebhookEndpoint(development, { url, events: ['*'] }), url).toMatchObject({
        ok: false,
        code: 'invalid_url',
      });
    }
    expect(await createWebhookEndpoint(development, { url: receiver.url, events: ['order.shipped'] })).toMatchObject({
      ok: false,
      code: 'invalid_events',
    });
  });

  it('allows loopback in development and with WEBHOOK_ALLOW_PRIVATE=1 in production', async () => {
    for (const env of [{}, { ...PRODUCTION, WEBHOOK_ALLOW_PRIVATE: '1' }]) {
      expect(await createWebhookEndpoint(depsFor(env), { url: receiver.url, events: ['*'] })).toMatchObject({
        ok: true,
      });
    }
    await kit.db.updateTable('webhook_endpoints').set({ status: 'disabled' }).execute();
  });

  it('checks again at delivery time: an endpoint accepted before is not called once the guard refuses it', async () => {
    const created = await createWebhookEndpoint(depsFor({}), { url: receiver.url, events: ['card.removed'] });
    if (!created.ok) throw new Error(created.message);
    await kit.emit('card.removed', 'card_4');
    const production = { ...kit.deps, allowPrivateTargets: false };
    const { drainQueue } = await import('../../jobs/worker.ts');
    const { webhookQueue } = await import('./webhook-queue.ts');
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    await drainQueue({ db: kit.db, clock: kit.clock, logger: silent, workerId: 't' }, webhookQueue(production));
    expect(receiver.received).toHaveLength(0);
    const [delivery] = (await listWebhookDeliveries(kit.deps, created.endpoint.id))?.data ?? [];
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_response_status: null });
    expect(delivery?.last_error).toMatch(
      /^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a private or loopback address/,
    );
  });
});
