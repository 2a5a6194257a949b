import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBank } from '../../bank/testing/bank-test-kit.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { buildInboxApp } from '../../inbox/inbox-app.ts';
import { InboxStore } from '../../inbox/inbox-store.ts';
import { apiTestApp } from '../../merchant/api/testing/api-test-app.ts';
import { openTestArea } from '../../merchant/area/test-area.ts';
import { ManualClock } from '../clock.ts';
import { migrationsApplied, readinessOf, readinessRoute } from './readiness.ts';

describe('readiness checks', () => {
  it('is ready when every check is; otherwise names the first that is not, and times a slow one out', async () => {
    vi.useFakeTimers();
    try {
      const pending = readinessOf({
        database: async () => null,
        slow: () => new Promise<string | null>(() => {}),
        broken: async () => {
          throw new Error('connection refused');
        },
      });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await pending).toEqual({
        ready: false,
        checks: { database: 'ok', slow: 'no answer within 2 s', broken: 'connection refused' },
        reason: 'slow: no answer within 2 s',
      });
    } finally {
      vi.useRealTimers();
    }
    expect(await readinessOf({ a: async () => null })).toEqual({ ready: true, checks: { a: 'ok' } });
  });

  it('answers 200 or 503 with the reason as JSON, never cached', async () => {
    let up = true;
    const app = Fastify({ logger: false });
    readinessRoute(app, 'area', { database: async () => (up ? null : 'down') });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', app: 'area', checks: { database: 'ok' } });
    expect(ready.headers['cache-control']).toBe('no-store');
    up = false;
    const down = await app.inject('/readyz');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      status: 'unavailable',
      app: 'area',
      reason: 'database: down',
      checks: { database: 'down' },
    });
    await app.close();
  });
});

describe.each(testDatabaseKinds())('readiness of the apps on %s', (kind) => {
  const clock = new ManualClock('2026-12-02T10:00:00Z');

  it('a database that lacks a migration this code expects is not ready, naming it', async () => {
    const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    try {
      const check = migrationsApplied(database.db as never, {
        ...merchantMigrations,
        '2099-01-01-000-future': {} as never,
      });
      expect(await check()).toBe('1 migration(s) not applied, the first 2099-01-01-000-future');
      expect(await migrationsApplied(database.db as never, merchantMigrations)()).toBeNull();
    } finally {
      await database.close();
    }
  });

  it('Area Clienti and the API are ready on a migrated database, and 503 once it is gone', async () => {
    const area = await openTestArea(kind);
    const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    const api = await apiTestApp(database.db, clock);
    expect((await area.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', app: 'area' });
    expect((await api.inject('/readyz')).json()).toEqual({
      status: 'ready',
      app: 'api',
      checks: { database: 'ok', migrations: 'ok' },
    });
    await area.db.destroy();
    await database.db.destroy();
    const areaDown = await area.app.inject('/readyz');
    expect(areaDown.statusCode).toBe(503);
    expect(areaDown.json()).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/^database: /) });
    expect((await api.inject('/readyz')).statusCode).toBe(503);
    // Liveness reads no database: the process is alive, only not ready (shared/health/liveness.ts).
    expect((await area.app.inject('/healthz')).statusCode).toBe(200);
    expect((await api.inject('/healthz')).statusCode).toBe(200);
    await area.app.close();
    await api.close();
  });

  it('the bank is ready on its own migrated database', async () => {
    const bank = await startTestBank(kind);
    try {
      const response = await fetch(`${bank.baseUrl}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ready',
        app: 'bank',
        checks: { database: 'ok', migrations: 'ok' },
      });
    } finally {
      await bank.close();
    }
  });
});

describe('readiness of the inbox', () => {
  let listening = true;
  let inbox: Awaited<ReturnType<typeof buildInboxApp>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-readyz-inbox-'));
  beforeAll(async () => {
    const store = await InboxStore.open(dir);
    inbox = await buildInboxApp({ store, logger: pino({ level: 'silent' }), smtpListening: () => listening });
  });
  afterAll(async () => {
    await inbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is ready while its SMTP side takes mail', async () => {
    expect((await inbox.inject('/readyz')).statusCode).toBe(200);
    listening = false;
    expect((await inbox.inject('/readyz')).json()).toMatchObject({
      status: 'unavailable',
      reason: 'smtp: the SMTP side is stopped',
    });
  });
});
