import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { gatewayFromConfig } from '../gateway/gateway-from-config.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { renewalSettings } from './renewal-deps.ts';
import { type PassProgress, type PassSummary, runRenewalPass } from './renewal-pass.ts';

export interface RenewalsArgs {
  now: Date | undefined;
  dryRun: boolean;
}

/** `renewals run [--now 2027-06-01T00:00:00Z] [--dry-run]`; throws RangeError with a usage message otherwise. */
export function parseRenewalsArgs(args: readonly string[]): RenewalsArgs {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new RangeError('usage: renewals run [--now 2027-06-01T00:00:00Z] [--dry-run]');
  let now: Date | undefined;
  let dryRun = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--now') {
      const value = rest[++i] ?? '';
      // A full ISO instant only: a bare date or "tomorrow" would be read in some time zone, silently.
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
        throw new RangeError(`--now needs an ISO instant such as 2027-06-01T00:00:00Z (got "${value}")`);
      }
      now = new Date(value);
      // JavaScript rolls 30 February over to March: check the calendar date exists.
      const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
      const day = new Date(Date.UTC(y, m - 1, d));
      if (Number.isNaN(now.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
        throw new RangeError(`--now is not a real instant (got "${value}")`);
      }
    } else throw new RangeError(`unknown option "${arg}" (renewals run [--now ISO] [--dry-run])`);
  }
  return { now, dryRun };
}

/** One renewal pass from the command line (or handed to the server), at `--now` if given. */
export async function runRenewalsCommand(
  context: { config: Config; merchantDb: Kysely<MerchantDatabase>; clock: Clock; gateway?: PaymentGateway },
  args: readonly string[],
  report: { progress(progress: PassProgress): void; line(text: string): void },
): Promise<string> {
  const parsed = parseRenewalsArgs(args);
  const fixed = parsed.now;
  const clock: Clock = fixed ? { now: () => new Date(fixed) } : context.clock;
  const summary = await runRenewalPass(
    {
      db: context.merchantDb,
      // `--now` moves the renewal decisions, not the signatures: the bank refuses requests signed days away.
      gateway: context.gateway ?? gatewayFromConfig(context.config, context.clock),
      clock,
      settings: renewalSettings(context.config),
      logger: {
        debug: () => {},
        info: () => {},
        warn: (obj, msg) => report.line(`warning: ${msg ?? ''} ${JSON.stringify(obj)}`),
        error: (obj, msg) => report.line(`error: ${msg ?? ''} ${JSON.stringify(obj)}`),
      },
    },
    {
      dryRun: parsed.dryRun,
      concurrency: context.config.databaseUrl ? 4 : 1,
      onProgress: (progress) => report.progress(progress),
    },
  );
  return formatSummary(summary);
}

export function formatSummary(s: PassSummary): string {
  const list = (counts: Record<string, number>) =>
    Object.keys(counts).length === 0
      ? 'none'
      : Object.entries(counts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, n]) => `${key} ${n}`)
          .join(', ');
  const declinedTotal = Object.values(s.declined).reduce((a, b) => a + b, 0);
  const lines = [
    `renewal pass at ${s.at}${s.dryRun ? ' (dry run: nothing was changed)' : ''}`,
    `  due: ${s.due} service(s); renewal orders ${s.dryRun ? 'to open' : 'opened'}: ${s.opened}`,
    s.dryRun
      ? `  charges due now (incl. retries already scheduled): ${s.tries}`
      : `  charged: ${s.approved} of ${s.tries} tr${s.tries === 1 ? 'y' : 'ies'}`,
    `  declined: ${declinedTotal}${declinedTotal ? ` (${list(s.declined)})` : ''}`,
  ];
  if (!s.dryRun) {
    lines.push(`  retries scheduled: ${s.retriesScheduled}; on-session payment requested: ${s.actionRequired}`);
  }
  lines.push(`  skipped: ${list(s.skipped)}`);
  if (s.errors) lines.push(`  errors: ${s.errors} (they will run again)`);
  lines.push(
    `  notices ${s.dryRun ? 'to send' : 'sent'}: card expiring ${s.notices.cardExpiring}, service expiring ${s.notices.serviceExpiring}`,
  );
  return lines.join('\n');
}
