import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandEvent, runCommand } from '../../admin/commands.ts';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { startWebhookListener } from './listen-command.ts';
import { openWebhookKit, type WebhookKit } from './testing/webhook-kit.ts';

describe.each(testDatabaseKinds())('webhooks from the command line on %s', (kind) => {
  let kit: WebhookKit;
  beforeAll(async () => {
    kit = await openWebhookKit(kind);
  });
  afterAll(() => kit.close());

  async function cassa(...args: string[]) {
    const lines: string[] = [];
    const report = (event: CommandEvent) => {
      if (event.type === 'line') lines.push(event.text);
    };
    const context = { config: loadConfig({ NODE_ENV: 'test' }), merchantDb: kit.db, clock: kit.clock };
    const summary = await runCommand('webhooks', context, args, report);
    return { summary, lines };
  }

  it('creates, lists, disables, enables and rotates an endpoint; the sample receiver verifies and prints its events', async () => {
    // The receiver checks the timestamp against the real time, as a real one does.
    kit.clock.set(new Date());
    const printed: string[] = [];
    const listener = await startWebhookListener({ port: 0, secrets: [], print: (l) => printed.push(l) });
    await listener.close();
    const created = await cassa(
      'endpoints',
      'create',
      '--url',
      `http://127.0.0.1:${listener.port}/hook`,
      '--events',
      'order.created,order.paid',
    );
    expect(created.summary).toMatch(/^created we_\d+ http:\/\/127\.0\.0\.1:\d+\/hook for order\.created,order\.paid$/);
    const secret = /secret (whsec_\S+)/.exec(created.lines[0] ?? '')?.[1] as string;
    const id = /created (we_\d+)/.exec(created.summary)?.[1] as string;

    const receiver = await startWebhookListener({
      port: listener.port,
      secrets: [secret],
      print: (l) => printed.push(l),
    });
    try {
      const eventId = await kit.emit('order.created', 'ord_41', { order: { id: 'ord_41' } });
      await kit.emit('card.saved', 'card_1'); // not asked for
      await kit.drain();
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(new RegExp(`^\\S+Z ${eventId} order\\.created ord_41$`));

      const forged = await fetch(`http://127.0.0.1:${listener.port}/hook`, {
        method: 'POST',
        headers: {
          'webhook-id': 'evt_x',
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,AAAA',
        },
        body: '{}',
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toMatch(/^signature verification failed: /);
      expect(printed[1]).toMatch(/REFUSED evt_x/);
    } finally {
      await receiver.close();
    }

    expect((await cassa('endpoints', 'list')).lines.join('\n')).toContain(
      `${id} enabled http://127.0.0.1:${listener.port}/hook`,
    );
    expect((await cassa('endpoints', 'disable', id)).summary).toBe(`${id} is disabled`);
    expect((await cassa('endpoints', 'enable', id)).summary).toBe(`${id} is enabled`);
    const rotated = await cassa('endpoints', 'rotate', id, '--overlap-hours', '2');
    expect(rotated.lines[0]).toMatch(/^secret whsec_/);
    expect(rotated.summary).toContain('the previous one also signs until');
    const deliveries = await cassa('endpoints', 'deliveries', id);
    expect(deliveries.summary).toBe('1 delivery');
    expect(deliveries.lines[0]).toMatch(/^wd_\d+ .* order\.created ord_41 evt_\w+ delivered tries: 1 HTTP 204/);
    await expect(cassa('endpoints', 'create', '--url', 'ftp://x', '--events', '*')).rejects.toThrow(/invalid_url/);
  });
});
