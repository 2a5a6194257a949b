import type { Kysely } from 'kysely';
import { awaitingOrders, marioSavedCard } from '../e2e/support/cluster-fixtures.ts';
import { payAllOverHttp } from '../e2e/support/http-pay.ts';
import { startTestSystem } from '../e2e/support/system.ts';
import type { DatabaseKind } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { createScratchPostgresDatabase, openTestDatabase } from '../src/db/test-databases.ts';
import { DEMO_INVOICE_PROVIDER } from '../src/invoice-provider-config.ts';
import { DEMO_MARIO, seedDemoData } from '../src/merchant/demo/demo-data.ts';
import type { GatewaySession } from '../src/merchant/gateway/payment-gateway.ts';
import { insertAttempt, transitionAttempt } from '../src/merchant/payments/attempt-repository.ts';
import { newAttemptPublicId } from '../src/merchant/payments/public-ids.ts';
import { recordAuthorization } from '../src/merchant/payments/record-authorization.ts';
import { DEFAULT_BUSINESS_TIME_ZONE } from '../src/shared/business-time.ts';
import { numberArg } from './http.ts';
import { loadAverage, median, print } from './process-figures.ts';

/**
 * `npm run bench -- pay [--count 40] [--tabs 4] [--rounds 2]`: saved-card payments per second, Flow A over HTTP
 * through the whole product in this process (Area Clienti's "Paga", Pagamenti's card page and "Procedi", the Banca
 * Sandbox's redirects, the result page; the worker capturing meanwhile), from `--tabs` tabs of Mario's browser at
 * once; beside the floor: the same payments' own transactions with the bank answered in-process — open the attempt
 * under the order's lock, record the bank's authorization (markOrderPaid and its follow-ups) — as many at once.
 * The ratio is how much of a payment's time is Cassa's database work. PGlite, and PostgreSQL with TEST_DATABASE_URL.
 */
export async function run(args: string[]): Promise<void> {
  const count = numberArg(args, '--count', 40);
  const tabs = numberArg(args, '--tabs', 4);
  const rounds = numberArg(args, '--rounds', 2);
  const serverUrl = process.env.TEST_DATABASE_URL;
  const kinds: DatabaseKind[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];
  print(`pay benchmark: ${count} payments per run, ${tabs} at once, ${rounds} round(s); load average ${loadAverage()}`);
  print('');
  print('| database | Flow A over HTTP, payments/s | its transactions in a loop, payments/s | ratio |');
  print('| --- | ---: | ---: | ---: |');
  for (const kind of kinds) {
    const http: number[] = [];
    const loop: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      loop.push(await transactionsInLoop(kind, count, tabs));
      http.push(await overHttp(kind, count, tabs, serverUrl));
      process.stderr.write(`round ${round} on ${kind} done (load average ${loadAverage()})\n`);
    }
    const [h, l] = [median(http), median(loop)];
    print(`| ${kind} | ${h.toFixed(1)} | ${l.toFixed(1)} | ${(h / l).toFixed(2)} |`);
  }
  print(`load average at the end: ${loadAverage()}`);
}

async function overHttp(kind: DatabaseKind, count: number, tabs: number, serverUrl: string | undefined) {
  const scratch =
    kind === 'postgres' ? await createScratchPostgresDatabase(serverUrl as string, 'cassa_bench_pay') : null;
  try {
    const system = await startTestSystem(scratch ? { env: { DATABASE_URL: scratch.url } } : {});
    try {
      // A first payment, not timed: the first requests pay for JIT and query planning.
      await payAllOverHttp(system.urls, await awaitingOrders(system.merchantDb, 'bench-warm', tabs), tabs);
      return await payAllOverHttp(system.urls, await awaitingOrders(system.merchantDb, 'bench-pay', count), tabs);
    } finally {
      await system.stop();
    }
  } finally {
    await scratch?.drop();
  }
}

async function transactionsInLoop(kind: DatabaseKind, count: number, tabs: number): Promise<number> {
  const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, { poolSize: tabs + 2 });
  try {
    const db = database.db;
    await seedDemoData(db, { clock: { now: () => new Date() }, timeZone: DEFAULT_BUSINESS_TIME_ZONE });
    // The card the bank process registers at start (e2e/support/cluster-fixtures.ts finds it); no bank here.
    const mario = await db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('saved_cards')
      .values({
        customer_id: mario.id,
        bank_token: 'tok_bench',
        brand: 'mastercard',
        last4: '4444',
        exp_month: 12,
        exp_year: 2040,
        holder: 'Mario Rossi',
      })
      .execute();
    const card = await marioSavedCard(db);
    await payAll(db, card, await awaitingOrders(db, 'bench-warm', tabs), tabs);
    const numbers = await awaitingOrders(db, 'bench-pay', count);
    const started = performance.now();
    await payAll(db, card, numbers, tabs);
    return count / ((performance.now() - started) / 1000);
  } finally {
    await database.close();
  }
}

async function payAll(
  db: Kysely<MerchantDatabase>,
  card: { id: number; customer_id: number },
  numbers: readonly string[],
  tabs: number,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: tabs }, async () => {
      while (next < numbers.length) await payInProcess(db, card, numbers[next++] as string);
    }),
  );
}

/** One saved-card payment's own transactions, the bank's answers given in-process (approved at once). */
async function payInProcess(db: Kysely<MerchantDatabase>, card: { id: number; customer_id: number }, number: string) {
  const at = new Date();
  const attempt = await db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'total_cents', 'currency'])
      .where('number', '=', number)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const inserted = await insertAttempt(trx, {
      publicId: newAttemptPublicId(),
      purpose: 'order_payment',
      gateway: 'sandbox',
      orderId: order.id,
      customerId: card.customer_id,
      requestKey: `bench-${number}`,
      amountCents: order.total_cents,
      currency: order.currency,
      savedCardId: card.id,
      at,
    });
    if (inserted.kind !== 'created') throw new Error(`${number}: ${inserted.kind}`);
    const redirected = await transitionAttempt(trx, {
      attemptId: inserted.attempt.id,
      from: 'created',
      to: 'redirected',
      reason: 'bank session created',
      at,
      set: { bank_session_id: `ps_bench_${number}`, redirect_url: 'http://127.0.0.1/bench' },
    });
    if (!redirected.ok) throw new Error(`${number}: ${redirected.reason}`);
    return { ...redirected.attempt, totalCents: order.total_cents };
  });
  const session: GatewaySession = {
    id: `ps_bench_${number}`,
    reference: attempt.public_id,
    status: 'authorized',
    amountCents: attempt.totalCents,
    currency: attempt.currency,
    redirectUrl: 'http://127.0.0.1/bench',
    declineReason: null,
    declineKind: null,
    authorizationCode: '000000',
    paymentMethod: { brand: 'mastercard', last4: '4444' },
    savedCard: null,
    amountCapturedCents: 0,
    amountRefundedCents: 0,
    authorizationExpiresAt: null,
    cancelledBy: null,
    authentication: null,
  };
  const outcome = await db.transaction().execute((trx) =>
    recordAuthorization(trx, {
      attemptId: attempt.id,
      session,
      at: new Date(),
      renewalLeadDays: 30,
      timeZone: DEFAULT_BUSINESS_TIME_ZONE,
      fiscalProvider: DEMO_INVOICE_PROVIDER,
    }),
  );
  if (outcome.kind !== 'recorded') throw new Error(`${number}: ${outcome.kind}`);
}
