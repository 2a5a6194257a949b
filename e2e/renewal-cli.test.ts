import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/shared/clock.ts';
import { runEntry } from './support/processes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * `npm run cassa -- renewals run` while the server holds the embedded database: the CLI hands the pass to the server
 * over the loopback admin endpoint and prints its progress and summary; the card is charged once however often it
 * is run at the same instant.
 */
describe('renewals run against a running server (PGlite)', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  async function cli(args: string[]) {
    const started = runEntry('src/cli/main.ts', ['renewals', 'run', ...args], {
      DATA_DIR: system.dataDir,
      NODE_ENV: 'test',
    });
    const code = await started.exited;
    return { code, output: started.output() };
  }

  it('a dry run, a pass that charges the PEC once, and the same pass again doing nothing', async () => {
    const card = await system.merchantDb
      .selectFrom('saved_cards')
      .select(['id', 'customer_id'])
      .where('last4', '=', '4444')
      .executeTakeFirstOrThrow();
    const pec = await system.merchantDb
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: card.id })
      .where('customer_id', '=', card.customer_id)
      .where('product_code', '=', 'pec')
      .returningAll()
      .executeTakeFirstOrThrow();
    const now = `${addDays(pec.expires_on as string, -6)}T08:00:00Z`;

    const dry = await cli(['--now', now, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('holds');
    expect(dry.output).toContain('(dry run: nothing was changed)');
    expect(dry.output).toContain('due: 1 service(s); renewal orders to open or adopt: 1');

    const real = await cli(['--now', now]);
    expect(real.code).toBe(0);
    expect(real.output).toMatch(/100% 1\/1 charges/);
    expect(real.output).toContain('charged: 1 of 1 try');
    const renewed = await system.merchantDb
      .selectFrom('subscriptions')
      .select('expires_on')
      .where('id', '=', pec.id)
      .executeTakeFirstOrThrow();
    expect(String(renewed.expires_on) > String(pec.expires_on)).toBe(true);

    const again = await cli(['--now', now]);
    expect(again.output).toContain('due: 0 service(s)');
    expect(again.output).toContain('charged: 0 of 0 tries');
    expect((await cli(['--now', 'tomorrow'])).code).not.toBe(0);
  });
});
