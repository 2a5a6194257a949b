import { sql } from 'kysely';
import pino from 'pino';
import { createProgressPrinter } from '../src/cli/progress.ts';
import { loadConfig } from '../src/config.ts';
import type { DatabaseKind } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { openTestDatabase } from '../src/db/test-databases.ts';
import { seedDemoData } from '../src/merchant/demo/demo-data.ts';
import type { ChargeResult, PaymentGateway } from '../src/merchant/gateway/payment-gateway.ts';
import { openPaymentsKit } from '../src/merchant/payments/test-payments.ts';
import { type RenewalDeps, renewalSettings } from '../src/merchant/renewals/renewal-deps.ts';
import { runRenewalPass } from '../src/merchant/renewals/renewal-pass.ts';
import { businessDate, DEFAULT_BUSINESS_TIME_ZONE } from '../src/shared/business-time.ts';
import { addDays, ManualClock } from '../src/shared/clock.ts';

/**
 * `npm run bench -- renewals [--count 300] [--concurrency N]` (default: 1 drain on PGlite, 8 on PostgreSQL): creates
 * `count` services due for renewal and times one renewal pass (open the order, charge the saved card at the Banca
 * Sandbox over HTTP, record the result, one email each), on PGlite and, when TEST_DATABASE_URL is set (the same
 * variable the tests read), on PostgreSQL. The default count finishes in about a minute on a 2-core machine;
 * `--count 10000` is the long run. Each timed pass draws its progress on stderr. Next to it, the same pass with the bank
 * answered in-process (no HTTP, no bank database): the floor the engine's own transactions allow. The ratio
 * (with HTTP ÷ without) is the figure to improve.
 */
export async function run(args: string[]): Promise<void> {
  const countArg = args.indexOf('--count');
  const count = countArg >= 0 ? Number(args[countArg + 1]) : DEFAULT_COUNT;
  if (!Number.isInteger(count) || count < 1) throw new Error('--count needs a positive whole number');
  const concurrencyArg = args.indexOf('--concurrency');
  const fixedConcurrency = concurrencyArg >= 0 ? Number(args[concurrencyArg + 1]) : undefined;
  if (fixedConcurrency !== undefined && (!Number.isInteger(fixedConcurrency) || fixedConcurrency < 1)) {
    throw new Error('--concurrency needs a positive whole number');
  }
  const url = process.env.TEST_DATABASE_URL;
  const kinds: DatabaseKind[] = url ? ['pglite', 'postgres'] : ['pglite'];
  const settings = renewalSettings(loadConfig({ NODE_ENV: 'test' }));
  print(
    `renewals benchmark: ${count} due services per run${url ? '' : ' (PostgreSQL skipped: set TEST_DATABASE_URL)'}`,
  );
  for (const kind of kinds) {
    const concurrency = fixedConcurrency ?? (kind === 'postgres' ? 8 : 1);
    // A short pass first, discarded: the first thousands of statements pay for JIT and query planning.
    print(`${kind}: warming up`);
    await tightLoop(kind, Math.min(200, count), settings, concurrency, false);
    print(`${kind}: tight loop, no HTTP`);
    const floor = await tightLoop(kind, count, settings, concurrency, true);
    print(`${kind}: with HTTP to the Banca Sandbox`);
    const full = await overHttp(kind, count, settings, concurrency);
    print(
      `${kind.padEnd(8)} with HTTP to the bank: ${full.toFixed(0).padStart(6)} renewals/s | ` +
        `tight loop, no HTTP: ${floor.toFixed(0).padStart(6)} renewals/s | ratio ${(full / floor).toFixed(2)} ` +
        `(concurrency ${concurrency})`,
    );
  }
}

/** About a minute on a 2-core machine for both engines (67 s measured on 2026-12-02). */
const DEFAULT_COUNT = 300;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Tomorrow (in Rome), 09:00 UTC: the demo card (valid four more years) is valid then. */
const START = `${addDays(businessDate(new Date(), DEFAULT_BUSINESS_TIME_ZONE), 1)}T09:00:00Z`;

/** `count` services of the demo customer, all renewing on one saved card and expiring 3 days after START. */
async function createDueServices(db: RenewalDeps['db'], customerId: number, cardId: number, count: number) {
  const expiresOn = addDays(START.slice(0, 10), 3);
  await sql`
    insert into subscriptions (customer_id, product_code, label, status, activated_on, expires_on, auto_renew,
      auto_renew_card_id)
    select ${customerId}, 'pec', 'bench-' || n || '@pec.example.it', 'active', ${addDays(expiresOn, -365)}::date,
      ${expiresOn}::date, true, ${cardId}
    from generate_series(1, ${count}) as n`.execute(db);
}

async function timePass(deps: RenewalDeps, count: number, concurrency: number, progress: boolean): Promise<number> {
  const draw = createProgressPrinter();
  const started = process.hrtime.bigint();
  const summary = await runRenewalPass(deps, {
    concurrency,
    ...(progress
      ? {
          onProgress: ({ done, total, label }) =>
            draw({ type: 'progress', done, total, label: label === 'open' ? 'renewal orders' : 'charges' }),
        }
      : {}),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (summary.approved !== count) {
    throw new Error(`expected ${count} renewals, got ${JSON.stringify({ ...summary, notices: undefined })}`);
  }
  return count / seconds;
}

/** The full path: the sandbox bank over HTTP on its own database of the same kind. */
async function overHttp(kind: DatabaseKind, count: number, settings: RenewalDeps['settings'], concurrency: number) {
  const kit = await openPaymentsKit(kind, { poolSize: concurrency + 4 });
  try {
    kit.clock.set(START);
    await createDueServices(kit.db, kit.marioId, kit.marioCardId, count);
    const logger = pino({ level: 'silent' });
    return await timePass(
      { db: kit.db, gateway: kit.gateway, clock: kit.clock, settings, logger },
      count,
      concurrency,
      true,
    );
  } finally {
    await kit.close();
  }
}

/** The same pass, with the bank's answer given in-process: only Cassa's own transactions are measured. */
async function tightLoop(
  kind: DatabaseKind,
  count: number,
  settings: RenewalDeps['settings'],
  concurrency: number,
  progress: boolean,
) {
  const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, { poolSize: concurrency + 4 });
  try {
    const clock = new ManualClock(START);
    await seedDemoData(database.db, { clock, timeZone: settings.timeZone });
    const customer = await database.db.selectFrom('customers').select('id').orderBy('id').executeTakeFirstOrThrow();
    const card = await database.db
      .insertInto('saved_cards')
      .values({
        customer_id: customer.id,
        bank_token: 'tok_bench',
        brand: 'mastercard',
        last4: '4444',
        exp_month: 12,
        exp_year: 2040,
        holder: 'Bench',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createDueServices(database.db, customer.id, card.id, count);
    const logger = pino({ level: 'silent' });
    return await timePass(
      { db: database.db, gateway: approvingInProcess, clock, settings, logger },
      count,
      concurrency,
      progress,
    );
  } finally {
    await database.close();
  }
}

/** Answers every merchant-initiated charge "approved" at once: the benchmark's floor, not a test double of the bank. */
const approvingInProcess: PaymentGateway = {
  name: 'sandbox',
  async chargeSavedCard(input): Promise<ChargeResult> {
    return {
      id: `ch_${input.idempotencyKey}`,
      reference: input.reference,
      status: 'approved',
      amountCents: input.amountCents,
      amountRefundedCents: 0,
      declineReason: null,
      declineKind: null,
      authorizationCode: '000000',
    };
  },
  createPaymentSession: unsupported,
  getPaymentSession: unsupported,
  findPaymentSessions: unsupported,
  capturePayment: unsupported,
  voidPayment: unsupported,
  cancelPaymentSession: unsupported,
  findCharges: unsupported,
  refund: unsupported,
  deleteSavedCard: unsupported,
  verifyNotification: () => {
    throw new Error('not used by the renewal benchmark');
  },
};

async function unsupported(): Promise<never> {
  throw new Error('not used by the renewal benchmark');
}
