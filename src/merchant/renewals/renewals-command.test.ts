import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { addDays } from '../../shared/clock.ts';
import { openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { parseRenewalsArgs, runRenewalsCommand } from './renewals-command.ts';
import { renewOn } from './test-renewals.ts';

describe('renewals run (arguments)', () => {
  const rome = { now: new Date('2026-12-02T10:00:00Z'), timeZone: 'Europe/Rome' };

  it('reads --now as an ISO instant and --dry-run', () => {
    expect(parseRenewalsArgs(['run'], rome)).toEqual({ now: undefined, dryRun: false });
    expect(parseRenewalsArgs(['run', '--now', '2027-06-01T00:00:00Z', '--dry-run'], rome)).toEqual({
      now: new Date('2027-06-01T00:00:00Z'),
      dryRun: true,
    });
  });

  it('reads a plain day as the start of that day in the business time zone', () => {
    // Midnight in Rome is 22:00 UTC the day before in summer, 23:00 in winter.
    expect(parseRenewalsArgs(['run', '--now', '2027-06-01'], rome).now).toEqual(new Date('2027-05-31T22:00:00Z'));
    expect(parseRenewalsArgs(['run', '--now', '2027-01-15'], rome).now).toEqual(new Date('2027-01-14T23:00:00Z'));
  });

  it('reads --in-days N as N days from now, so one command works whatever day it is', () => {
    expect(parseRenewalsArgs(['run', '--in-days', '10'], rome).now).toEqual(new Date('2026-12-12T10:00:00Z'));
    expect(parseRenewalsArgs(['run', '--in-days', '0'], rome).now).toEqual(rome.now);
  });

  it('refuses anything else with a usage message', () => {
    expect(() => parseRenewalsArgs([], rome)).toThrow(/usage: renewals run/);
    expect(() => parseRenewalsArgs(['run', '--now', 'tomorrow'], rome)).toThrow(/a day such as 2027-06-01/);
    expect(() => parseRenewalsArgs(['run', '--now', '2027-02-30T00:00:00Z'], rome)).toThrow(RangeError);
    expect(() => parseRenewalsArgs(['run', '--now', '2027-02-30'], rome)).toThrow(/not a real day/);
    expect(() => parseRenewalsArgs(['run', '--now'], rome)).toThrow(/ISO instant/);
    expect(() => parseRenewalsArgs(['run', '--in-days', '-3'], rome)).toThrow(/whole number of days/);
    expect(() => parseRenewalsArgs(['run', '--in-days', '3', '--now', '2027-01-01'], rome)).toThrow(/once/);
    expect(() => parseRenewalsArgs(['run', '--force'], rome)).toThrow(/unknown option "--force"/);
  });
});

describe('renewals run (a pass)', () => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit('pglite');
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('at --now, a dry run then a real run: progress, then a summary of due, charged, declined and skipped', async () => {
    const pec = await renewOn(kit, 'pec', kit.marioCardId);
    const now = `${addDays(pec.expires_on as string, -6)}T00:00:00Z`;
    const context = {
      config: loadConfig({ NODE_ENV: 'test' }),
      merchantDb: kit.db,
      clock: kit.clock,
      gateway: kit.gateway,
    };
    const progress: string[] = [];
    const report = {
      progress: (p: { done: number; total: number; label: string }) => progress.push(`${p.label} ${p.done}/${p.total}`),
      line: () => {},
    };

    const dry = await runRenewalsCommand(context, ['run', '--now', now, '--dry-run'], report);
    expect(dry).toContain('(dry run: nothing was changed)');
    expect(dry).toContain('due: 1 service(s); renewal orders to open or adopt: 1');
    expect(progress).toEqual([]);

    const real = await runRenewalsCommand(context, ['run', '--now', now], report);
    expect(real).toContain(`renewal pass at ${new Date(now).toISOString()}`);
    // The demo PEC's renewal order was already awaiting payment: taken over, not opened again.
    expect(real).toContain('due: 1 service(s); renewal orders opened: 0; adopted (already awaiting payment): 1');
    expect(real).toContain('charged: 1 of 1 try');
    expect(real).toContain('declined: 0');
    expect(progress).toEqual(['open 1/1', 'charge 1/1']);

    const again = await runRenewalsCommand(context, ['run', '--now', now], report);
    expect(again).toContain('due: 0 service(s)');
    expect(again).toContain('charged: 0 of 0 tries');
  });
});

describe('renewals run on fresh demo data, as docs/renewals.md says', () => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit('pglite');
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('a dry run names the next due day and the command to reach it; that command charges the demo card', async () => {
    const context = {
      config: loadConfig({ NODE_ENV: 'test' }),
      merchantDb: kit.db,
      clock: kit.clock,
      gateway: kit.gateway,
      runsIn: 'cli-embedded' as const,
    };
    const report = { progress: () => {}, line: () => {} };
    const dry = await runRenewalsCommand(context, ['run', '--dry-run'], report);
    expect(dry).toContain('due: 0 service(s)');
    // The doc's example: Conservazione renews automatically on the card ending 4444 and expires in 210 days.
    expect(dry).toMatch(/next renewal falls due on \d{4}-\d{2}-\d{2} \(try: renewals run --in-days 203\)/);

    const real = await runRenewalsCommand(context, ['run', '--in-days', '203'], report);
    expect(real).toContain('due: 1 service(s); renewal orders opened: 1; adopted (already awaiting payment): 0');
    expect(real).toContain('charged: 1 of 1 try');
    expect(real).toContain('no server is running on this data directory');
    expect(real).toMatch(/(1 email queued: .* so it is|\d+ emails queued: .* so they are) sent when `npm start`/);
  });
});
