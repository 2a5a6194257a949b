import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildAdminApp } from './admin/admin-app.ts';
import { ensureAdminToken } from './admin/admin-token.ts';
import type { Config } from './config.ts';
import { acquireDataDirLock, type DataDirLock, updateLockAdminPort } from './db/data-dir-lock.ts';
import { openDatabase } from './db/database.ts';
import { merchantMigrations } from './db/migrations/index.ts';
import { migrateToLatest } from './db/migrator.ts';
import type { MerchantDatabase } from './db/schema.ts';
import { merchantDatabaseTarget, usesEmbeddedDatabase } from './db/targets.ts';
import { buildAreaApp } from './merchant/area/area-app.ts';
import { seedDemoData } from './merchant/demo/demo-data.ts';
import { buildPayApp } from './merchant/pay/pay-app.tsx';
import type { Clock } from './shared/clock.ts';

export interface RunningSystem {
  urls: { area: string; pay: string; bank: string; admin: string };
  databaseKind: 'pglite' | 'postgres';
  demoDataCreated: boolean;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration → lock → databases → apps → listen. Used by `npm start` (src/main.ts) and by
 * the end-to-end tests, which start the whole product in-process on a temporary DATA_DIR.
 */
export async function startSystem(config: Config, options: { logger: Logger; clock: Clock }): Promise<RunningSystem> {
  const { logger, clock } = options;
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
      }
    }
  };

  try {
    let lock: DataDirLock | undefined;
    if (usesEmbeddedDatabase(config)) {
      lock = acquireDataDirLock(config.dataDir, 'server');
      cleanups.push(() => lock?.release());
    }

    const merchant = await openDatabase<MerchantDatabase>(merchantDatabaseTarget(config));
    cleanups.push(() => merchant.close());
    await migrateToLatest(merchant.db as never, merchantMigrations);
    const demoDataCreated = config.seedDemoData ? (await seedDemoData(merchant.db, { clock })).created : false;

    const log = logger as FastifyBaseLogger;
    const apps: Array<[string, FastifyInstance, number, string]> = [
      ['area', await buildAreaApp({ db: merchant.db, config, logger: log, clock }), config.ports.area, config.host],
      ['pay', await buildPayApp({ config, logger: log }), config.ports.pay, config.host],
    ];
    const adminApp = await buildAdminApp({
      context: { config, merchantDb: merchant.db, clock },
      token: ensureAdminToken(config.dataDir),
      logger: log,
    });
    apps.push(['admin', adminApp, config.ports.admin, '127.0.0.1']);

    for (const [, app, port, host] of apps) {
      cleanups.push(() => app.close());
      await app.listen({ port, host });
    }
    const adminPort = addressPort(adminApp);
    if (lock) updateLockAdminPort(config.dataDir, lock, adminPort);

    return {
      urls: { ...config.publicUrls, admin: `http://127.0.0.1:${adminPort}` },
      databaseKind: merchant.kind,
      demoDataCreated,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function addressPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address && typeof address === 'object') return address.port;
  throw new Error('server is not listening on a TCP port');
}
