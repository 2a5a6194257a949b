import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.ts';
import type { MerchantDatabase } from '../../src/db/schema.ts';
import { pgliteSystemTemplate } from '../../src/db/test-databases.ts';
import type { Worker } from '../../src/jobs/worker.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { type RunningSystem, startSystem } from '../../src/system.ts';
import { freePorts } from './ports.ts';

/** A test system runs every role, so its merchant database and worker are there. */
export interface TestSystem extends RunningSystem {
  dataDir: string;
  merchantDb: Kysely<MerchantDatabase>;
  worker: Worker;
}

/**
 * The whole product, started in-process as `npm start` would, on a temporary DATA_DIR and free loopback ports.
 * Embedded databases by default, unpacked from the run's migrated templates rather than created (the product's own
 * first start is what e2e/startup.test.ts tests); `DATABASE_URL` in `env` points it at PostgreSQL.
 */
export async function startTestSystem(
  options: { env?: Record<string, string>; clock?: Clock; bankNotifications?: boolean; logger?: Logger } = {},
): Promise<TestSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-e2e-'));
  const [area, pay, bank, admin, inboxSmtp, inboxWeb, api, backoffice, metrics] = (await freePorts(9)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const config = loadConfig({
    DATA_DIR: dataDir,
    AREA_PORT: String(area),
    PAY_PORT: String(pay),
    BANK_PORT: String(bank),
    ADMIN_PORT: String(admin),
    API_PORT: String(api),
    BACKOFFICE_PORT: String(backoffice),
    METRICS_PORT: String(metrics),
    INBOX_SMTP_PORT: String(inboxSmtp),
    INBOX_WEB_PORT: String(inboxWeb),
    HOST: '127.0.0.1',
    PUBLIC_AREA_URL: `http://127.0.0.1:${area}`,
    PUBLIC_PAY_URL: `http://127.0.0.1:${pay}`,
    PUBLIC_BANK_URL: `http://127.0.0.1:${bank}`,
    PUBLIC_API_URL: `http://127.0.0.1:${api}`,
    PUBLIC_BACKOFFICE_URL: `http://127.0.0.1:${backoffice}`,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const system = await startSystem(config, {
    logger: options.logger ?? createLogger(config.logLevel),
    clock: options.clock ?? systemClock,
    ...(options.bankNotifications === false ? { bankNotifications: false } : {}),
    // The run's migrated template (src/db/testing/), unpacked where the embedded database would be created.
    ...(config.databaseUrl
      ? {}
      : {
          embeddedTemplate: await pgliteSystemTemplate(),
        }),
  });
  const { merchantDb, worker } = system;
  if (!merchantDb || !worker) {
    await system.stop();
    throw new Error('a test system runs every role: CASSA_ROLES must be unset or all');
  }
  return {
    ...system,
    merchantDb,
    worker,
    dataDir,
    async stop() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
