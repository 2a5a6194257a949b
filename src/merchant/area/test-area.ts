import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely, KyselyPlugin } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../config.ts';
import type { DatabaseKind } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { seedDemoData } from '../demo/demo-data.ts';
import { buildAreaApp } from './area-app.ts';

export interface TestArea {
  app: FastifyInstance;
  db: Kysely<MerchantDatabase>;
  clock: ManualClock;
  close(): Promise<void>;
}

/** Test support: a migrated database with the demo data, and Area Clienti on it, driven by a manual clock. */
export async function openTestArea(
  kind: DatabaseKind,
  options: {
    env?: Record<string, string>;
    logger?: FastifyBaseLogger;
    /** Kysely plugins the app's database goes through (a statement counter), the test's own queries not. */
    plugins?: readonly KyselyPlugin[];
  } = {},
): Promise<TestArea> {
  const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  const clock = new ManualClock('2026-11-28T09:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  await seedDemoData(database.db, { clock, timeZone: config.businessTimeZone });
  const app = await buildAreaApp({
    db: (options.plugins ?? []).reduce((db, plugin) => db.withPlugin(plugin), database.db),
    config,
    logger: options.logger ?? pino({ level: 'silent' }),
    clock,
  });
  return {
    app,
    db: database.db,
    clock,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
