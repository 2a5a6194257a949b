import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { gatewayFromConfig } from '../gateway/gateway-from-config.ts';
import type { PaymentLogger } from '../payments/payment-deps.ts';
import { backgroundFromConfig } from './background-from-config.ts';
import { DEFAULT_CHALLENGE_WINDOW_MS, describeReconcile, reconcileNow } from './reconcile-now.ts';

/** Parses `--older-than-minutes N` (default: the 15-minute challenge window). */
export function challengeWindowFromArgs(args: readonly string[]): number {
  const index = args.indexOf('--older-than-minutes');
  if (index < 0) return DEFAULT_CHALLENGE_WINDOW_MS;
  const minutes = Number(args[index + 1]);
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('--older-than-minutes needs a whole number');
  return minutes * 60_000;
}

/** `npm run cassa -- reconcile`: one reconciliation now, against the configured bank. */
export async function runReconcileCommand(
  context: { config: Config; merchantDb: Kysely<MerchantDatabase>; clock: Clock },
  args: readonly string[],
  log: (line: string) => void,
): Promise<string> {
  const logger: PaymentLogger = {
    debug: () => {},
    info: () => {},
    warn: (obj, msg) => log(`warning: ${msg ?? ''} ${JSON.stringify(obj)}`),
    error: (obj, msg) => log(`error: ${msg ?? ''} ${JSON.stringify(obj)}`),
  };
  const background = backgroundFromConfig({
    config: context.config,
    db: context.merchantDb,
    clock: context.clock,
    logger,
    gateway: gatewayFromConfig(context.config, context.clock),
    databaseKind: context.config.databaseUrl ? 'postgres' : 'pglite',
  });
  const summary = await reconcileNow(
    {
      ...background,
      worker: { db: context.merchantDb, clock: context.clock, logger, workerId: `reconcile:${process.pid}` },
    },
    { olderThanMs: challengeWindowFromArgs(args) },
  );
  return describeReconcile(summary);
}
