import { runRemoteCommand } from '../admin/admin-client.ts';
import { readAdminToken } from '../admin/admin-token.ts';
import { CommandUsageError, commands, runCommand } from '../admin/commands.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { acquireDataDirLock, DataDirLockedError, readLiveOwner } from '../db/data-dir-lock.ts';
import { openDatabase } from '../db/database.ts';
import { merchantMigrations } from '../db/migrations/index.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { MerchantDatabase } from '../db/schema.ts';
import { merchantDatabaseTarget, usesEmbeddedDatabase } from '../db/targets.ts';
import { runListenCommand } from '../merchant/webhooks/listen-cli.ts';
import { ROLES } from '../roles.ts';
import { systemClock } from '../shared/clock.ts';
import { createProgressPrinter } from './progress.ts';

/**
 * `npm run cassa -- <command> [args]`. With the embedded database, a running server owns it: the command is handed to
 * that server over its loopback admin endpoint. Otherwise (no server, or PostgreSQL) the command runs here.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    printUsage();
    return name ? 0 : 2;
  }
  if (name === 'serve') return serveCommand(args);
  if (!commands[name]) {
    process.stderr.write(`Unknown command "${name}".\n`);
    printUsage();
    return 2;
  }
  // The sample receiver runs here, in the CLI's process, whoever owns the database: it needs none.
  if (name === 'webhooks' && args[0] === 'listen') return runListenCommand(args.slice(1));
  const config = loadConfig();
  const report = createProgressPrinter();

  if (usesEmbeddedDatabase(config)) {
    const owner = readLiveOwner(config.dataDir);
    if (owner?.role === 'server' && owner.adminPort) {
      const token = readAdminToken(config.dataDir);
      if (!token) throw new Error(`the admin token is missing from ${config.dataDir}: restart the server`);
      process.stderr.write(`A Cassa server (pid ${owner.pid}) holds ${config.dataDir}: running "${name}" inside it.\n`);
      const result = await runRemoteCommand(owner.adminPort, token, name, args, report);
      (result.ok ? process.stdout : process.stderr).write(`${result.summary}\n`);
      return result.ok ? 0 : 1;
    }
    const lock = acquireDataDirLock(config.dataDir, 'cli');
    try {
      return await runHere(name, args, config, report);
    } finally {
      lock.release();
    }
  }
  return runHere(name, args, config, report);
}

async function runHere(
  name: string,
  args: readonly string[],
  config: ReturnType<typeof loadConfig>,
  report: ReturnType<typeof createProgressPrinter>,
): Promise<number> {
  const { db, close } = await openDatabase<MerchantDatabase>(merchantDatabaseTarget(config));
  try {
    if (name !== 'migrate') await migrateToLatest(db as never, merchantMigrations);
    const runsIn = usesEmbeddedDatabase(config) ? 'cli-embedded' : 'cli-postgres';
    const summary = await runCommand(name, { config, merchantDb: db, clock: systemClock, runsIn }, args, report);
    process.stdout.write(`${summary}\n`);
    return 0;
  } finally {
    await close();
  }
}

/**
 * `serve [--roles area,pay]`: the server in this process, as `npm start`, with the roles given (CASSA_ROLES when
 * omitted). Resolves only if it failed to start; a running server exits on SIGTERM.
 */
async function serveCommand(args: readonly string[]): Promise<number> {
  const env = { ...process.env };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--roles' || arg.startsWith('--roles=')) {
      const value = arg === '--roles' ? args[++i] : arg.slice('--roles='.length);
      if (value === undefined || value === '')
        throw new CommandUsageError('--roles needs a comma list, e.g. --roles area,pay');
      env.CASSA_ROLES = value;
    } else
      throw new CommandUsageError(
        `serve: unknown option "${arg}" (usage: serve [--roles ${Object.keys(ROLES).join(',')}|all])`,
      );
  }
  // Loaded here: the other commands need none of the server's apps.
  const { exitOnStartFailure, serve } = await import('../server.ts');
  await serve(env).catch(exitOnStartFailure);
  return new Promise<number>(() => {});
}

function printUsage(): void {
  const lines = [
    `  ${'serve'.padEnd(12)} run the server here, with --roles ${Object.keys(ROLES).join(',')} (default: CASSA_ROLES, or all)`,
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(12)} ${command.description}`),
  ];
  process.stdout.write(`Usage: npm run cassa -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof CommandUsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
