import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { DEMO_CUSTOMERS, DEMO_OPERATOR } from './merchant/demo/demo-data.ts';
import { describeRoles } from './roles.ts';
import { systemClock } from './shared/clock.ts';
import { createLogger, logDestination } from './shared/logger.ts';
import { PortInUseError } from './shared/port-in-use.ts';
import { startSystem } from './system.ts';

/**
 * Runs Cassa's server in this process until SIGTERM or SIGINT: `npm start` (every role, on the embedded defaults),
 * `node dist/main.js`, and `npm run cassa -- serve --roles …` (the roles of CASSA_ROLES in `env`).
 */
export async function serve(env: Record<string, string | undefined>): Promise<void> {
  const config = loadConfig(env);
  const role = describeRoles(config.roles);
  // Every line names the process's roles: with several processes writing to one collector, it says which one spoke.
  const logger = createLogger(
    config.logLevel,
    'cassa',
    logDestination(config.logFormat, {
      isTTY: process.stdout.isTTY === true,
      production: config.nodeEnv === 'production',
    }),
  ).child({ role });
  const system = await startSystem(config, { logger, clock: systemClock });
  const runs = config.roles.set;

  const credentials = config.seedDemoData
    ? DEMO_CUSTOMERS.map((c) => `    ${c.name.padEnd(15)} ${c.email} / ${c.password}`).join('\n')
    : '    (demo data off)';
  const web = runs.has('area') || runs.has('pay') || runs.has('api') || runs.has('backoffice');
  process.stdout.write(
    [
      '',
      `Cassa is running (${system.databaseKind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}${config.roles.explicit ? `; roles ${role}` : ''}).`,
      ...(runs.has('area') ? [`  Area Clienti   ${system.urls.area}`] : []),
      ...(runs.has('pay') ? [`  Pagamenti      ${system.urls.pay}`] : []),
      ...(runs.has('api') ? [`  API            ${system.urls.api}/api/docs`] : []),
      ...(runs.has('backoffice') ? [`  Back office    ${system.urls.backoffice}`] : []),
      ...(runs.has('worker') ? ['  Worker         every background queue'] : []),
      ...(config.runSandboxBank
        ? [`  Banca Sandbox  ${system.urls.bank}  (SMS: ${system.urls.bank}/sms, app: ${system.urls.bank}/app)`]
        : []),
      ...(system.urls.inbox ? [`  Mail inbox     ${system.urls.inbox}`] : []),
      ...(system.sandboxToken
        ? [
            `  Public demo: the test pages need the sandbox access token ${system.sandboxToken}`,
            `    e.g. ${system.urls.bank}/sms?token=${system.sandboxToken}`,
          ]
        : []),
      ...(runs.has('area') ? [`  Health         ${system.urls.area}/healthz`] : []),
      `  Metrics        ${system.urls.metrics}`,
      ...(web ? ['  Demo customers:', credentials] : []),
      ...(web && config.seedDemoData
        ? [`  Back-office operator: ${DEMO_OPERATOR.email} / ${DEMO_OPERATOR.password}`]
        : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceSeconds: config.shutdownGraceMs / 1000 }, 'stopping');
    // Within SHUTDOWN_GRACE_SECONDS: requests and jobs finish, or the jobs are released (system.ts); then the log is
    // flushed, so its last lines are not lost with the process.
    system
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
      .finally(() => {
        logger.info('stopped');
        const exit = () => process.exit(0);
        // A destination that never calls back must not keep a stopped process alive.
        setTimeout(exit, 1_000).unref();
        logger.flush(exit);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Prints why the server could not start, as a person can act on it, and exits 1. */
export function exitOnStartFailure(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof PortInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Cassa failed to start: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  }
  process.exit(1);
}
