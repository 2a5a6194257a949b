import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandEvent, runCommand } from '../../admin/commands.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { customerWithService } from '../orders/test-fixtures.ts';

describe.each(testDatabaseKinds())('npm run cassa -- promotions on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  // 23:30 UTC on 9 December is 10 December in Rome: the default start day.
  const clock = new ManualClock('2026-12-09T23:30:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    await customerWithService(database.db, 'pec'); // the catalogue
  });
  afterAll(() => database?.close());

  const run = async (args: string[]) => {
    const events: CommandEvent[] = [];
    const summary = await runCommand(
      'promotions',
      { config: loadConfig({ NODE_ENV: 'test' }), merchantDb: database.db, clock },
      args,
      (e) => events.push(e),
    );
    return { summary, lines: events.flatMap((e) => (e.type === 'line' ? [e.text] : [])) };
  };

  it('creates, lists and ends promotions', async () => {
    expect((await run(['list'])).summary).toBe('no promotions');
    const created = await run([
      'create',
      '--campaign',
      '#IoRestoACasa',
      '--code',
      'ioRestoACasa',
      '--percent',
      '20',
      '--product',
      'pec',
      '--applies-to',
      'renewal',
      '--until',
      '2027-01-31',
    ]);
    expect(created.summary).toMatch(/^created promotion #\d+ \(code IORESTOACASA\)$/);
    expect(
      (
        await run([
          'create',
          '--campaign',
          'Natale',
          '--amount',
          '5,50',
          '--from',
          '2026-12-20',
          '--until',
          '2026-12-26',
        ])
      ).summary,
    ).toMatch(/^created promotion #\d+$/);
    const listed = await run(['list']);
    expect(listed.summary).toBe('2 promotion(s)');
    expect(listed.lines).toEqual([
      expect.stringMatching(
        /^#\d+ · \(no code\) · Natale · €5\.50 off · all products, purchases and renewals · 2026-12-20 → 2026-12-26 · not yet valid$/,
      ),
      expect.stringMatching(
        /^#\d+ · IORESTOACASA · #IoRestoACasa · 20% off · pec, renewals · 2026-12-10 → 2027-01-31 · valid$/,
      ),
    ]);
    expect((await run(['end', 'iorestoacasa'])).summary).toMatch(
      /^ended promotion #\d+: its code is refused from now on$/,
    );
    expect((await run(['list'])).lines[1]).toMatch(/2026-12-10 → 2026-12-10 · ended$/);
    await expect(run(['end', 'IORESTOACASA'])).rejects.toThrow(/was ended already/);
    await expect(run(['end', '999999'])).rejects.toThrow(/no promotion "999999"/);
  });

  it('answers a wrong command line with what to fix and the usage', async () => {
    await expect(run([])).rejects.toThrow(/usage: promotions list/);
    await expect(run(['create', '--campaign', 'X', '--until', '2027-01-01'])).rejects.toThrow(
      /give either --percent or --amount/,
    );
    await expect(
      run(['create', '--campaign', 'X', '--percent', '20', '--amount', '5', '--until', '2027-01-01']),
    ).rejects.toThrow(/give either --percent or --amount/);
    await expect(run(['create', '--campaign', 'X', '--percent', '20'])).rejects.toThrow(/--until is required/);
    await expect(run(['create', '--campaign', 'X', '--percent', 'lots', '--until', '2027-01-01'])).rejects.toThrow(
      /--percent is a number/,
    );
    await expect(run(['create', '--campaign', 'X', '--percent', '120', '--until', '2027-01-01'])).rejects.toThrow(
      /at most 100%/,
    );
    await expect(run(['create', '--campagna', 'X'])).rejects.toThrow(/unknown option "--campagna"/);
    await expect(run(['create', '--campaign'])).rejects.toThrow(/--campaign needs a value/);
    await expect(
      run(['create', '--campaign', 'X', '--percent', '5', '--product', 'telefono', '--until', '2027-01-01']),
    ).rejects.toThrow(/unknown product "telefono"/);
    await expect(
      run(['create', '--campaign', 'X', '--percent', '5', '--applies-to', 'first', '--until', '2027-01-01']),
    ).rejects.toThrow(/--applies-to is purchase/);
    await run(['create', '--campaign', 'Y', '--code', 'TAKEN', '--percent', '5', '--until', '2027-01-01']);
    await expect(
      run(['create', '--campaign', 'Z', '--code', 'taken', '--percent', '5', '--until', '2027-01-01']),
    ).rejects.toThrow(/the code TAKEN is already used/);
  });
});
