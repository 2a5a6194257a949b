import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { gatewayFromConfig } from '../gateway/gateway-from-config.ts';
import { DEFAULT_CHALLENGE_WINDOW_MS, type ReconcileSummary, reconcilePayments } from './reconcile-payments.ts';

/** Parses `--older-than-minutes N` (default: the 15-minute challenge window). */
export function challengeWindowFromArgs(args: readonly string[]): number {
  const index = args.indexOf('--older-than-minutes');
  if (index < 0) return DEFAULT_CHALLENGE_WINDOW_MS;
  const minutes = Number(args[index + 1]);
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('--older-than-minutes needs a whole number');
  return minutes * 60_000;
}

/** `npm run cassa -- reconcile`: one reconciliation pass now, against the configured bank. */
export async function runReconcileCommand(
  context: { config: Config; merchantDb: Kysely<MerchantDatabase>; clock: Clock },
  args: readonly string[],
  log: (line: string) => void,
): Promise<string> {
  const summary: ReconcileSummary = await reconcilePayments(
    {
      db: context.merchantDb,
      gateway: gatewayFromConfig(context.config, context.clock),
      clock: context.clock,
      payUrl: context.config.publicUrls.pay,
      renewalLeadDays: context.config.renewals.leadDays,
      timeZone: context.config.businessTimeZone,
      logger: {
        info: () => {},
        warn: (obj, msg) => log(`warning: ${msg ?? ''} ${JSON.stringify(obj)}`),
        error: (obj, msg) => log(`error: ${msg ?? ''} ${JSON.stringify(obj)}`),
      },
    },
    { challengeWindowMs: challengeWindowFromArgs(args) },
  );
  return (
    `examined ${summary.examined} open payment(s): ${summary.authorized} authorized, ` +
    `${summary.declinedOrFailed} declined or failed, ${summary.abandoned} abandoned, ${summary.refunded} refunded, ` +
    `${summary.stillOpen} still open; ${summary.events} notification(s) applied; ${summary.errors} error(s)`
  );
}
