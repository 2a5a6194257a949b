import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandEvent, CommandUsageError, runCommand } from '../../admin/commands.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { verifyPassword } from '../customers/passwords.ts';
import { findOperatorByEmail } from './operator-repository.ts';

describe.each(testDatabaseKinds())('npm run cassa -- operators on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const run = async (args: string[]) => {
    const events: CommandEvent[] = [];
    const summary = await runCommand(
      'operators',
      { config: loadConfig({ NODE_ENV: 'test' }), merchantDb: database.db, clock },
      args,
      (e) => events.push(e),
    );
    return { summary, lines: events.flatMap((e) => (e.type === 'line' ? [e.text] : [])) };
  };

  it('creates an admin with a password printed once (only its hash stored), lists, disables and enables it', async () => {
    const created = await run(['create', '--email', 'Anna.Admin@Example.com', '--role', 'admin', '--name', 'Anna']);
    const [password] = created.lines;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(created.summary).toContain('anna.admin@example.com (admin)');
    expect(created.summary).not.toContain(password);
    const row = await findOperatorByEmail(database.db, 'anna.admin@example.com');
    expect(row).toMatchObject({ name: 'Anna', role: 'admin', totp_enabled_at: null, disabled_at: null });
    expect(JSON.stringify(row)).not.toContain(password);
    expect(await verifyPassword(row?.password_hash ?? '', password ?? '')).toBe(true);

    const listed = await run(['list']);
    expect(listed.lines).toEqual(['anna.admin@example.com  "Anna"  admin  two-factor not set up  active']);
    expect(listed.lines.join('\n')).not.toContain(password);

    expect((await run(['disable', 'anna.admin@example.com'])).summary).toBe('disabled operator anna.admin@example.com');
    expect((await findOperatorByEmail(database.db, 'anna.admin@example.com'))?.disabled_at?.toISOString()).toBe(
      '2026-12-02T10:00:00.000Z',
    );
    expect((await run(['list'])).lines[0]).toContain('disabled 2026-12-02T10:00:00.000Z');
    await run(['enable', 'anna.admin@example.com']);
    expect((await findOperatorByEmail(database.db, 'anna.admin@example.com'))?.disabled_at).toBeNull();
  });

  it('refuses a bad role, a bad or taken email and unknown arguments, with the usage', async () => {
    await run(['create', '--email', 'sam@example.com', '--role', 'support']);
    const cases: [string[], RegExp][] = [
      [['create', '--email', 'x@example.com', '--role', 'root'], /--role must be one of viewer, support, admin/],
      [['create', '--role', 'admin'], /--email is required/],
      [['create', '--email', 'not-an-email', '--role', 'admin'], /not an email address/],
      [['create', '--email', 'SAM@example.com', '--role', 'admin'], /exists already/],
      [['create', '--email', 'x@example.com', '--role', 'admin', '--password', 'x'], /usage: operators create/],
      [['disable', 'nobody@example.com'], /no operator with the email/],
      [['promote'], /usage: operators create/],
    ];
    for (const [args, message] of cases) {
      const error = await run(args).catch((e: unknown) => e);
      expect(error, args.join(' ')).toBeInstanceOf(CommandUsageError);
      expect((error as Error).message).toMatch(message);
    }
    expect((await run(['list'])).lines).toHaveLength(2);
  });
});
