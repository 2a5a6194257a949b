import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { addDays } from '../../shared/clock.ts';
import { openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { parseRenewalsArgs, runRenewalsCommand } from './renewals-command.ts';
import { renewOn } from './test-renewals.ts';

describe('renewals run (arguments)', () => {
  it('reads --now as an ISO instant and --dry-run', () => {
    expect(parseRenewalsArgs(['run'])).toEqual({ now: undefined, dryRun: false });
    expect(parseRenewalsArgs(['run', '--now', '2027-06-01T00:00:00Z', '--dry-run'])).toEqual({
      now: new Date('2027-06-01T00:00:00Z'),
      dryRun: true,
    });
  });

  it('refuses anything else with a usage message', () => {
    expect(() => parseRenewalsArgs([])).toThrow(/usage: renewals run/);
    expect(() => parseRenewalsArgs(['run', '--now', '2027-06-01'])).toThrow(/ISO instant/);
    expect(() => parseRenewalsArgs(['run', '--now', '2027-02-30T00:00:00Z'])).toThrow(RangeError);
    expect(() => parseRenewalsArgs(['run', '--now'])).toThrow(/ISO instant/);
    expect(() => parseRenewalsArgs(['run', '--force'])).toThrow(/unknown option "--force"/);
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
    expect(dry).toContain('due: 1 service(s); renewal orders to open: 1');
    expect(progress).toEqual([]);

    const real = await runRenewalsCommand(context, ['run', '--now', now], report);
    expect(real).toContain(`renewal pass at ${new Date(now).toISOString()}`);
    expect(real).toContain('due: 1 service(s); renewal orders opened: 1');
    expect(real).toContain('charged: 1 of 1 try');
    expect(real).toContain('declined: 0');
    expect(progress).toEqual(['open 1/1', 'charge 1/1']);

    const again = await runRenewalsCommand(context, ['run', '--now', now], report);
    expect(again).toContain('due: 0 service(s)');
    expect(again).toContain('charged: 0 of 0 tries');
  });
});
