import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { buildAdminApp } from './admin/admin-app.ts';
import { ensureAdminToken } from './admin/admin-token.ts';
import { startNotificationDelivery } from './bank/background.ts';
import { buildBankApp } from './bank/bank-app.ts';
import { loadBankConfig } from './bank/bank-config.ts';
import { bankDatabaseTarget, openBankDatabase } from './bank/db/bank-database.ts';
import { ensureMerchant } from './bank/merchants/ensure-merchant.ts';
import type { Config } from './config.ts';
import { acquireDataDirLock, type DataDirLock, updateLockAdminPort } from './db/data-dir-lock.ts';
import { type DatabaseTarget, openDatabase } from './db/database.ts';
import { merchantMigrations } from './db/migrations/index.ts';
import { migrateToLatest } from './db/migrator.ts';
import type { MerchantDatabase } from './db/schema.ts';
import { merchantDatabaseTarget, usesEmbeddedDatabase } from './db/targets.ts';
import { prepareFirstStartInChild, runsSandboxSdi } from './first-start.ts';
import { startInbox } from './inbox/inbox.ts';
import { releaseClaims } from './jobs/job-queue.ts';
import { createWorker, newWorkerId, type Worker } from './jobs/worker.ts';
import { buildApiApp } from './merchant/api/api-app.ts';
import { buildAreaApp } from './merchant/area/area-app.ts';
import { backgroundFromConfig } from './merchant/background/background-from-config.ts';
import { merchantQueues, merchantSchedules } from './merchant/background/merchant-queues.ts';
import { buildBackofficeApp } from './merchant/backoffice/backoffice-app.ts';
import { ensureDemoSavedCard } from './merchant/cards/demo-saved-card.ts';
import { seedDemoData } from './merchant/demo/demo-data.ts';
import { emailQueueFromConfig } from './merchant/email/start-email-delivery.ts';
import { gatewayFromConfig, sandboxCardImport } from './merchant/gateway/gateway-from-config.ts';
import type { SdiChannel } from './merchant/invoices/sdi-channel.ts';
import { buildPayApp } from './merchant/pay/pay-app.tsx';
import { createMetrics } from './observability/metrics.ts';
import { startMetricsServer } from './observability/metrics-server.ts';
import { describeRoles } from './roles.ts';
import { sdiDatabaseTarget } from './sdi-sandbox/db/sdi-database.ts';
import { openSandboxSdi } from './sdi-sandbox/open-sandbox-sdi.ts';
import type { Clock } from './shared/clock.ts';
import { databaseReachable, migrationsApplied } from './shared/health/readiness.ts';
import { listenOrExplain } from './shared/port-in-use.ts';
import { ensureSecretFile } from './shared/secret-file.ts';

/** Each app's name in a message, and the variable that moves its port. */
const LISTENERS: Record<string, { part: string; variable: string }> = {
  area: { part: 'Area Clienti', variable: 'AREA_PORT' },
  pay: { part: 'Pagamenti', variable: 'PAY_PORT' },
  bank: { part: 'Banca Sandbox', variable: 'BANK_PORT' },
  api: { part: 'The API', variable: 'API_PORT' },
  backoffice: { part: 'The back office', variable: 'BACKOFFICE_PORT' },
  admin: { part: 'The admin endpoint', variable: 'ADMIN_PORT' },
};

/** How often the worker looks for due background work when the last look found none. */
const WORKER_POLL_MS = 1_000;

export interface RunningSystem {
  /** `inbox`: the built-in mail inbox's web page, when this process runs it. */
  urls: {
    area: string;
    pay: string;
    bank: string;
    api: string;
    backoffice: string;
    /** The loopback admin endpoint, when this process runs every role (CASSA_ROLES=all). */
    admin?: string;
    /** Prometheus's `GET /metrics` (METRICS_HOST, METRICS_PORT). */
    metrics: string;
    inbox?: string;
  };
  databaseKind: 'pglite' | 'postgres';
  /**
   * The merchant database, for in-process tests and tools to inspect (never to open a second time); undefined in a
   * process that runs only the inbox.
   */
  merchantDb: Kysely<MerchantDatabase> | undefined;
  /** The worker of this process's background work, with the `worker` role (tests may sweep at once with `runDue`). */
  worker: Worker | undefined;
  /** The SdI port of the process that transmits invoices (the worker's): the sandbox SdI, unless CASSA_SANDBOX_SDI=0. */
  sdiChannel: SdiChannel | undefined;
  demoDataCreated: boolean;
  /** A public demo's sandbox access token (production with CASSA_SANDBOX=1), printed at start; else undefined. */
  sandboxToken: string | undefined;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration → lock → databases → apps → listen. Used by `npm start` (src/main.ts) and by
 * the end-to-end tests, which start the whole product in-process on a temporary DATA_DIR.
 */
export interface SystemOptions {
  logger: Logger;
  clock: Clock;
  /**
   * Test seam: `false` keeps the sandbox bank from delivering its server-to-server notifications, as a network
   * partition would, so that tests can prove the return and the reconciliation complete payments on their own.
   */
  bankNotifications?: boolean;
  /**
   * Test seam: a dump of the embedded database already migrated, the merchant's schema and the bank's (PGlite
   * `dumpDataDir`), unpacked into a DATA_DIR whose database does not exist yet instead of creating and migrating it
   * from nothing. End-to-end tests pass the run's template to start many systems quickly; `npm start` never does, so
   * a real first start creates its own.
   */
  embeddedTemplate?: Blob;
}

export async function startSystem(config: Config, options: SystemOptions): Promise<RunningSystem> {
  const { logger, clock } = options;
  const roles = config.roles.set;
  const cleanups: Array<() => Promise<void> | void> = [];
  // What SIGTERM stops first and waits for within the grace (SHUTDOWN_GRACE_SECONDS): the listeners (no new requests,
  // those in flight finish), then the worker (running jobs finish, or their claims are released). Then the rest.
  const listeners: Array<() => Promise<unknown>> = [];
  let working: { worker: Worker; workerId: string; db: Kysely<MerchantDatabase> } | undefined;
  const stop = async () => {
    // Wall-clock time, not the app's clock: a grace is about the process, and a test's frozen clock must not stall it.
    const deadline = Date.now() + config.shutdownGraceMs;
    const inGrace = async (work: Promise<unknown>): Promise<boolean> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      });
      try {
        return await Promise.race([work.then(() => true), late]);
      } finally {
        clearTimeout(timer);
      }
    };
    if (!(await inGrace(Promise.allSettled(listeners.splice(0).map((close) => close()))))) {
      logger.warn('shutdown grace elapsed with requests still in flight');
    }
    const running = working;
    working = undefined;
    if (running && !(await inGrace(running.worker.stop()))) {
      // Jobs are idempotent on their keys: released now, another worker (or the next start) takes them at once.
      const released = await releaseClaims(running.db, { now: clock.now(), workerIds: [running.workerId] }).catch(
        (error: unknown) => {
          logger.error({ err: error }, 'could not release the running jobs');
          return 0;
        },
      );
      logger.warn({ released }, 'shutdown grace elapsed: released the jobs still running');
    }
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

    const log = logger as FastifyBaseLogger;
    const apps: Array<[string, FastifyInstance, number, string]> = [];
    const merchantSecret =
      config.bankMerchant.secret ?? ensureSecretFile(path.join(config.dataDir, 'secrets', 'bank-merchant-secret'));
    // A public demo's test pages (the bank's phone and app, the inbox) ask for it; kept across restarts.
    const sandboxToken = config.sandbox.tokenRequired
      ? (config.sandbox.token ?? ensureSecretFile(path.join(config.dataDir, 'secrets', 'sandbox-token')))
      : undefined;

    // Each opens and migrates its own schema (embedded: of one PGlite instance, which the first to ask creates), so
    // both start at once. Every role but the inbox uses the merchant's (the bank's process registers the demo
    // customer's card in it).
    const usesMerchantDb = [...roles].some((role) => role !== 'inbox');
    const prepared =
      usesMerchantDb && !options.embeddedTemplate ? await prepareFirstStartInChild(config, clock) : undefined;
    const [merchantStarted, bankStarted] = await Promise.allSettled([
      usesMerchantDb
        ? openDatabase<MerchantDatabase>(seeded(merchantDatabaseTarget(config), options.embeddedTemplate))
        : undefined,
      config.runSandboxBank
        ? startSandboxBank(config, {
            logger: log,
            clock,
            merchantSecret,
            sandboxToken,
            deliverNotifications: options.bankNotifications ?? true,
            template: options.embeddedTemplate,
          })
        : undefined,
    ]);
    if (merchantStarted.status === 'fulfilled' && merchantStarted.value) {
      const opened = merchantStarted.value;
      cleanups.push(() => opened.close());
    }
    if (bankStarted.status === 'fulfilled' && bankStarted.value) cleanups.push(bankStarted.value.stop);
    if (merchantStarted.status === 'rejected') throw merchantStarted.reason;
    if (bankStarted.status === 'rejected') throw bankStarted.reason;
    const merchant = merchantStarted.value;
    if (bankStarted.value) apps.push(['bank', bankStarted.value.app, config.ports.bank, config.host]);

    let demoDataCreated = prepared?.demoDataCreated ?? false;
    if (merchant) {
      // Under Kysely's advisory lock: of several processes starting at once on one PostgreSQL, one migrates.
      await migrateToLatest(merchant.db as never, merchantMigrations);
      if (config.seedDemoData) {
        const demo = await seedDemoData(merchant.db, { clock, timeZone: config.businessTimeZone });
        demoDataCreated ||= demo.created;
      }
    }
    // In-process, in its own schema: where the worker transmits invoices to (docs/invoices.md).
    const sandboxSdi =
      merchant && runsSandboxSdi(config)
        ? await openSandboxSdi({
            target: seeded(sdiDatabaseTarget(config), options.embeddedTemplate),
            clock,
            delaySeconds: config.sdi.sandboxDelaySeconds,
            logger,
          })
        : undefined;
    if (sandboxSdi) cleanups.push(sandboxSdi.close);
    // The built-in mail inbox (SMTP on loopback only: it takes mail from anyone who can connect), then the outbox.
    const inbox = config.mail.runInbox
      ? await startInbox({
          dataDir: config.dataDir,
          host: config.host,
          smtpHost: '127.0.0.1',
          ...config.mail.inbox,
          logger,
          accessToken: sandboxToken,
        })
      : undefined;
    if (inbox) cleanups.push(inbox.stop);
    const gateway = gatewayFromConfig(config, clock);
    if (merchant) {
      const deps = { db: merchant.db, config, logger: log, clock, gateway };
      if (roles.has('area')) apps.push(['area', await buildAreaApp(deps), config.ports.area, config.host]);
      if (roles.has('pay')) apps.push(['pay', await buildPayApp(deps), config.ports.pay, config.host]);
      if (roles.has('api')) apps.push(['api', await buildApiApp(deps), config.ports.api, config.host]);
      if (roles.has('backoffice')) {
        apps.push(['backoffice', await buildBackofficeApp(deps), config.ports.backoffice, config.host]);
      }
    }
    // The loopback admin endpoint serves `npm run cassa` while this process holds the embedded database; with roles
    // (PostgreSQL) the command runs in its own process instead, so no role process needs it.
    const adminApp =
      merchant && !config.roles.explicit
        ? await buildAdminApp({
            context: { config, merchantDb: merchant.db, clock },
            token: ensureAdminToken(config.dataDir),
            logger: log,
          })
        : undefined;
    if (adminApp) apps.push(['admin', adminApp, config.ports.admin, '127.0.0.1']);

    const metrics = createMetrics({
      logger,
      ...(merchant ? { database: { db: merchant.db, clock, poolUsage: merchant.poolUsage } } : {}),
    });
    for (const [name, app, port, host] of apps) {
      metrics.observeRequests(app, name);
      listeners.push(() => app.close());
      const part = LISTENERS[name] ?? { part: name, variable: `${name.toUpperCase()}_PORT` };
      await listenOrExplain(part.part, part.variable, { host, port }, () => app.listen({ port, host }));
    }
    const metricsServer = await listenOrExplain('The metrics endpoint', 'METRICS_PORT', config.metrics, () =>
      startMetricsServer({
        registry: metrics.registry,
        ...config.metrics,
        logger,
        ...(merchant
          ? {
              readiness: {
                database: databaseReachable(merchant.db as Kysely<unknown>),
                migrations: migrationsApplied(merchant.db as Kysely<unknown>, merchantMigrations),
              },
            }
          : {}),
      }),
    );
    listeners.push(async () => metricsServer.close());
    const adminPort = adminApp ? addressPort(adminApp) : undefined;
    if (lock && adminPort !== undefined) updateLockAdminPort(config.dataDir, lock, adminPort);
    // After listening: the demo customer's saved card is registered over the bank's API (idempotent).
    const sandboxCards = sandboxCardImport(gateway);
    if (merchant && config.seedDemoData && config.runSandboxBank && sandboxCards) {
      await ensureDemoSavedCard(merchant.db, sandboxCards, { clock, timeZone: config.businessTimeZone });
    }
    const worker =
      merchant && roles.has('worker')
        ? startWorker(merchant, { config, clock, logger, gateway, sdiChannel: sandboxSdi?.channel })
        : undefined;
    if (worker) {
      cleanups.push(worker.closeEmail);
      if (merchant?.kind === 'pglite') {
        // On the embedded database this is the only process (the lock file says so): any job still claimed was
        // claimed by a process that died, and waits for nobody. Released at once, e.g. an email cut mid-send is
        // sent again now.
        const released = await releaseClaims(merchant.db, { now: clock.now(), all: true });
        if (released > 0) logger.warn({ released }, 'jobs of a stopped process released');
      }
      worker.worker.start();
      working = {
        worker: worker.worker,
        workerId: worker.workerId,
        db: (merchant as { db: Kysely<MerchantDatabase> }).db,
      };
    }

    return {
      urls: {
        ...config.publicUrls,
        ...(adminPort !== undefined ? { admin: `http://127.0.0.1:${adminPort}` } : {}),
        metrics: metricsServer.url,
        ...(inbox ? { inbox: inbox.webUrl } : {}),
      },
      databaseKind: merchant?.kind ?? 'postgres',
      merchantDb: merchant?.db,
      worker: worker?.worker,
      sdiChannel: sandboxSdi?.channel,
      demoDataCreated,
      sandboxToken,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `worker` role: every merchant queue and schedule, drained by one worker with its own email transport. */
function startWorker(
  merchant: { db: Kysely<MerchantDatabase>; kind: 'pglite' | 'postgres' },
  deps: {
    config: Config;
    clock: Clock;
    logger: Logger;
    gateway: ReturnType<typeof gatewayFromConfig>;
    sdiChannel: SdiChannel | undefined;
  },
): { worker: Worker; workerId: string; closeEmail(): void } {
  const { config, clock, logger } = deps;
  const log = logger as FastifyBaseLogger;
  const email = emailQueueFromConfig({ db: merchant.db, config, logger, clock });
  const background = backgroundFromConfig({
    config,
    db: merchant.db,
    clock,
    logger: log,
    gateway: deps.gateway,
    email: email.queue,
    ...(deps.sdiChannel ? { sdiChannel: deps.sdiChannel } : {}),
    databaseKind: merchant.kind,
  });
  const workerId = newWorkerId();
  const worker = createWorker(
    { db: merchant.db, clock, logger: log, workerId },
    {
      queues: merchantQueues(background),
      schedules: merchantSchedules({ renewalPassIntervalMs: config.renewals.passIntervalMs }),
      pollMs: WORKER_POLL_MS,
      // The embedded database has one process: no other worker to notice this one die, nor to be noticed.
      ...(merchant.kind === 'postgres' ? { liveness: { roles: describeRoles(config.roles) } } : {}),
    },
  );
  return { worker, workerId, closeEmail: email.close };
}

/**
 * The Banca Sandbox in this process: its own database (schema or PGlite directory), its own config and secrets. It
 * registers the merchant with the secret the merchant signs with, as an acquirer's onboarding would.
 */
async function startSandboxBank(
  config: Config,
  options: {
    logger: FastifyBaseLogger;
    clock: Clock;
    merchantSecret: string;
    sandboxToken: string | undefined;
    deliverNotifications: boolean;
    template: Blob | undefined;
  },
): Promise<{ app: FastifyInstance; stop(): Promise<void> }> {
  const bank = await openBankDatabase(seeded(bankDatabaseTarget(config), options.template));
  try {
    await ensureMerchant(bank.db, {
      id: config.bankMerchant.id,
      // The name the bank shows its cardholders ("Pagamento a …"): the provider's, as at an acquirer's onboarding.
      name: config.brand.name,
      secrets: [options.merchantSecret],
      allowedOrigins: [config.publicUrls.pay, config.publicUrls.area],
    });
    const deps = {
      db: bank.db,
      logger: options.logger,
      clock: options.clock,
      config: loadBankConfig({
        env: process.env,
        dataDir: config.dataDir,
        publicUrl: config.publicUrls.bank,
        sandboxToken: options.sandboxToken ?? null,
      }),
    };
    const app = await buildBankApp(deps);
    const delivery = options.deliverNotifications ? startNotificationDelivery(deps) : { stop: async () => {} };
    return {
      app,
      async stop() {
        await delivery.stop();
        await bank.close();
      },
    };
  } catch (error) {
    await bank.close();
    throw error;
  }
}

/** The target with a test template to start a new embedded database from (SystemOptions.embeddedTemplates). */
function seeded(target: DatabaseTarget, template: Blob | undefined): DatabaseTarget {
  return target.kind === 'pglite' && template ? { ...target, initialDump: template } : target;
}

function addressPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (address && typeof address === 'object') return address.port;
  throw new Error('server is not listening on a TCP port');
}
