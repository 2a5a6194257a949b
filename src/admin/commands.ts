import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { merchantMigrations } from '../db/migrations/index.ts';
import { migrateToLatest } from '../db/migrator.ts';
import type { MerchantDatabase } from '../db/schema.ts';
import { apiKeysCommand } from '../merchant/api-keys/api-keys-command.ts';
import { runReconcileCommand } from '../merchant/background/reconcile-command.ts';
import { seedDemoData } from '../merchant/demo/demo-data.ts';
import { mailCommand } from '../merchant/email/mail-command.ts';
import { operatorsCommand } from '../merchant/operators/operators-command.ts';
import { promotionsCommand } from '../merchant/promotions/promotions-command.ts';
import { type CommandHost, RENEWALS_USAGE, runRenewalsCommand } from '../merchant/renewals/renewals-command.ts';
import { webhooksCommand } from '../merchant/webhooks/webhooks-command.ts';
import type { Clock } from '../shared/clock.ts';

/**
 * Operator commands (`npm run cassa -- <name>`). Each runs the same way in-process (PostgreSQL, or no server running)
 * or inside the running server when the CLI hands it over the loopback admin endpoint (embedded database).
 */
export interface CommandContext {
  config: Config;
  merchantDb: Kysely<MerchantDatabase>;
  clock: Clock;
  /** Inside the server (the default) or in the command-line process: what a command can promise about emails. */
  runsIn?: CommandHost;
}

/** What a command reports while it runs; the CLI draws it, the admin endpoint streams it as NDJSON. */
export type CommandEvent =
  | { type: 'progress'; done: number; total: number; label?: string }
  | { type: 'line'; text: string }
  | { type: 'done'; summary: string }
  | { type: 'error'; message: string };

export type Report = (event: CommandEvent) => void;

export interface Command {
  description: string;
  run(context: CommandContext, args: readonly string[], report: Report): Promise<string>;
}

export class CommandUsageError extends Error {
  override name = 'CommandUsageError';
}

export const commands: Record<string, Command> = {
  migrate: {
    description: 'apply pending database migrations',
    async run({ merchantDb }) {
      const applied = await migrateToLatest(merchantDb as Kysely<unknown>, merchantMigrations);
      return applied.length === 0 ? 'database already up to date' : `applied ${applied.join(', ')}`;
    },
  },
  seed: {
    description: 'load the demo data (idempotent; refused in production unless --force)',
    async run({ merchantDb, clock, config }, args) {
      if (config.nodeEnv === 'production' && !args.includes('--force')) {
        throw new CommandUsageError('refusing to load demo data with NODE_ENV=production (add --force if you mean it)');
      }
      const { created } = await seedDemoData(merchantDb, { clock, timeZone: config.businessTimeZone });
      return created ? 'demo data loaded' : 'demo data already present: nothing changed';
    },
  },
  'api-keys': apiKeysCommand,
  mail: mailCommand,
  operators: operatorsCommand,
  promotions: promotionsCommand,
  reconcile: {
    description: 'settle payments left open past the challenge window by asking the bank (--older-than-minutes N)',
    async run(context, args, report) {
      try {
        return await runReconcileCommand(context, args, (text) => report({ type: 'line', text }));
      } catch (error) {
        if (error instanceof RangeError) throw new CommandUsageError(error.message);
        throw error;
      }
    },
  },
  renewals: {
    description: `one automatic-renewal pass: ${RENEWALS_USAGE}`,
    async run(context, args, report) {
      try {
        return await runRenewalsCommand(context, args, {
          progress: ({ done, total, label }) =>
            report({ type: 'progress', done, total, label: label === 'open' ? 'renewal orders' : 'charges' }),
          line: (text) => report({ type: 'line', text }),
        });
      } catch (error) {
        if (error instanceof RangeError) throw new CommandUsageError(error.message);
        throw error;
      }
    },
  },
  webhooks: webhooksCommand,
};

export async function runCommand(
  name: string,
  context: CommandContext,
  args: readonly string[],
  report: Report,
): Promise<string> {
  const command = commands[name];
  if (!command) throw new CommandUsageError(`unknown command "${name}"`);
  return command.run(context, args, report);
}
