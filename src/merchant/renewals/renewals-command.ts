import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import {
  addZonedDays,
  businessDate,
  businessDayStart,
  DEFAULT_BUSINESS_TIME_ZONE,
} from '../../shared/business-time.ts';
import { addDays, type Clock, daysBetween } from '../../shared/clock.ts';
import { gatewayFromConfig } from '../gateway/gateway-from-config.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { renewalSettings } from './renewal-deps.ts';
import { type PassProgress, type PassSummary, runRenewalPass } from './renewal-pass.ts';
import { nextRenewingExpiry } from './renewal-repository.ts';

export interface RenewalsArgs {
  now: Date | undefined;
  dryRun: boolean;
}

export const RENEWALS_USAGE = 'renewals run [--in-days N | --now 2027-06-01 | --now 2027-06-01T09:00:00Z] [--dry-run]';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `renewals run [--in-days N | --now DAY | --now INSTANT] [--dry-run]`; throws RangeError with a usage message
 * otherwise. A plain day is the start of that day in the business time zone (said so in the summary); `--in-days N`
 * is N days from now, so the same command works whatever day the demo data was loaded.
 */
export function parseRenewalsArgs(
  args: readonly string[],
  context: { now: Date; timeZone: string } = { now: new Date(), timeZone: DEFAULT_BUSINESS_TIME_ZONE },
): RenewalsArgs {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new RangeError(`usage: ${RENEWALS_USAGE}`);
  let now: Date | undefined;
  let dryRun = false;
  const once = (option: string) => {
    if (now !== undefined) throw new RangeError(`${option}: give one of --now and --in-days, once`);
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--in-days') {
      once(arg);
      const value = rest[++i] ?? '';
      if (!/^\d{1,4}$/.test(value)) throw new RangeError(`--in-days needs a whole number of days (got "${value}")`);
      now = addZonedDays(context.now, Number(value), context.timeZone);
    } else if (arg === '--now') {
      once(arg);
      now = parseMoment(rest[++i] ?? '', context.timeZone);
    } else throw new RangeError(`unknown option "${arg}" (${RENEWALS_USAGE})`);
  }
  return { now, dryRun };
}

function parseMoment(value: string, timeZone: string): Date {
  if (!INSTANT.test(value) && !DAY.test(value)) {
    throw new RangeError(
      `--now needs a day such as 2027-06-01 or an ISO instant such as 2027-06-01T09:00:00Z (got "${value}")`,
    );
  }
  // JavaScript rolls 30 February over to March: check the calendar date exists.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const at = DAY.test(value) ? businessDayStart(value, timeZone) : new Date(value);
  if (Number.isNaN(at.getTime()) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    throw new RangeError(`--now is not a real day or instant (got "${value}")`);
  }
  return at;
}

/**
 * Where a command runs, for what it says about emails: inside the server (which sends them), or in the command-line
 * process on the embedded database (no server holds it, or the command would have been handed to it) or on PostgreSQL.
 */
export type CommandHost = 'server' | 'cli-embedded' | 'cli-postgres';

/** One renewal pass from the command line (or handed to the server), at `--now` if given. */
export async function runRenewalsCommand(
  context: {
    config: Config;
    merchantDb: Kysely<MerchantDatabase>;
    clock: Clock;
    gateway?: PaymentGateway;
    runsIn?: CommandHost;
  },
  args: readonly string[],
  report: { progress(progress: PassProgress): void; line(text: string): void },
): Promise<string> {
  const timeZone = context.config.businessTimeZone;
  const parsed = parseRenewalsArgs(args, { now: context.clock.now(), timeZone });
  const fixed = parsed.now;
  const clock: Clock = fixed ? { now: () => new Date(fixed) } : context.clock;
  const emailsBefore = await pendingEmails(context.merchantDb);
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
  const lines = [formatSummary(summary, timeZone)];
  const settings = renewalSettings(context.config);
  const passDay = businessDate(clock.now(), timeZone);
  const nextExpiry = await nextRenewingExpiry(context.merchantDb, addDays(passDay, settings.leadDays));
  if (nextExpiry) {
    const dueOn = addDays(nextExpiry, -settings.leadDays);
    const inDays = daysBetween(businessDate(context.clock.now(), timeZone), dueOn);
    lines.push(`  next renewal falls due on ${dueOn} (try: renewals run --in-days ${Math.max(inDays, 0)})`);
  } else if (summary.due === 0) {
    lines.push('  no service renews automatically after this day (switch automatic renewal on in Area Clienti)');
  }
  const queued = summary.dryRun ? 0 : (await pendingEmails(context.merchantDb)) - emailsBefore;
  if (queued > 0) lines.push(`  ${emailNote(queued, context.runsIn ?? 'server')}`);
  return lines.join('\n');
}

async function pendingEmails(db: Kysely<MerchantDatabase>): Promise<number> {
  const row = await db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function emailNote(queued: number, runsIn: CommandHost): string {
  const [emails, them, are] =
    queued === 1 ? [`1 email queued`, 'it', 'it is'] : [`${queued} emails queued`, 'them', 'they are'];
  if (runsIn === 'server') return `${emails}: this server is sending ${them}`;
  if (runsIn === 'cli-postgres') return `${emails}: the Cassa servers on this database send ${them}`;
  return `${emails}: no server is running on this data directory, so ${are} sent when \`npm start\` next runs`;
}

export function formatSummary(s: PassSummary, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): string {
  const list = (counts: Record<string, number>) =>
    Object.keys(counts).length === 0
      ? 'none'
      : Object.entries(counts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, n]) => `${key} ${n}`)
          .join(', ');
  const declinedTotal = Object.values(s.declined).reduce((a, b) => a + b, 0);
  const lines = [
    `renewal pass at ${s.at} (${businessDate(new Date(s.at), timeZone)} in ${timeZone})${s.dryRun ? ' (dry run: nothing was changed)' : ''}`,
    s.dryRun
      ? `  due: ${s.due} service(s); renewal orders to open or adopt: ${s.opened}`
      : `  due: ${s.due} service(s); renewal orders opened: ${s.opened}; adopted (already awaiting payment): ${s.adopted}`,
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
