import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandEvent, CommandUsageError, runCommand } from '../../admin/commands.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { PRODUCTION_ENV } from '../../testing/production-env.ts';
import type { ApiApp } from '../api/api-app.ts';
import { apiTestApp } from '../api/testing/api-test-app.ts';
import { apiKeyHash } from './api-key-tokens.ts';

describe.each(testDatabaseKinds())('npm run cassa -- api-keys on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const run = async (args: string[], env: Record<string, string> = { NODE_ENV: 'test' }) => {
    const events: CommandEvent[] = [];
    const summary = await runCommand(
      'api-keys',
      { config: loadConfig(env), merchantDb: database.db, clock },
      args,
      (e) => events.push(e),
    );
    return { summary, lines: events.flatMap((e) => (e.type === 'line' ? [e.text] : [])) };
  };
  const products = (key: string) =>
    app.inject({ url: '/api/v1/products', headers: { authorization: `Bearer ${key}` } });

  it('creates a key printed once, stores only its hash, lists it by prefix and revokes it', async () => {
    const created = await run(['create', '--name', 'erp', '--scopes', 'read,write']);
    const [key] = created.lines;
    expect(key).toMatch(/^cassa_test_[A-Za-z0-9]{32}$/);
    const prefix = key?.slice(0, 19) ?? '';
    expect(created.summary).toContain(prefix);
    expect(created.summary).not.toContain(key);
    const row = await database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('prefix', '=', prefix)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'erp', scopes: 'read,write', mode: 'test', key_hash: apiKeyHash(key ?? '') });
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await products(key ?? '')).statusCode).toBe(200);

    const listed = await run(['list']);
    expect(listed.lines).toEqual([expect.stringContaining(prefix)]);
    expect(listed.lines[0]).toContain(
      '"erp"  read,write  created 2026-12-02T10:00:00.000Z  last used 2026-12-02T10:00:00.000Z  active',
    );
    expect(listed.lines.join('\n')).not.toContain(key);

    const revoked = await run(['revoke', prefix]);
    expect(revoked.summary).toContain(`revoked API key ${prefix}`);
    expect((await products(key ?? '')).statusCode).toBe(401);
    expect((await run(['list'])).lines[0]).toContain('revoked 2026-12-02T10:00:00.000Z');
  });

  it('makes read-only keys, live keys in production, and says what is wrong', async () => {
    const readOnly = await run(['create', '--name', 'reports', '--scopes', 'read']);
    expect(readOnly.summary).toContain('(read)');
    const live = await run(['create', '--name', 'prod'], PRODUCTION_ENV);
    expect(live.lines[0]).toMatch(/^cassa_live_[A-Za-z0-9]{32}$/);
    await expect(run(['create'])).rejects.toThrow(CommandUsageError);
    await expect(run(['create', '--name', 'x', '--scopes', 'admin'])).rejects.toThrow(/--scopes must be/);
    await expect(run(['revoke', 'cassa_test_nothing'])).rejects.toThrow(/no API key with the prefix/);
    await expect(run(['rotate'])).rejects.toThrow(/usage: api-keys create/);
  });
});
