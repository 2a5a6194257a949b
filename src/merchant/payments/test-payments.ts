import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely, KyselyPlugin } from 'kysely';
import pino from 'pino';
import {
  createTestMerchant,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../../bank/testing/bank-test-kit.ts';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { loadConfig } from '../../config.ts';
import type { Database, DatabaseKind } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase, PaymentAttempt } from '../../db/schema.ts';
import { openTestDatabase } from '../../db/test-databases.ts';
import { createWorker } from '../../jobs/worker.ts';
import { ManualClock } from '../../shared/clock.ts';
import { backgroundFromConfig } from '../background/background-from-config.ts';
import { merchantQueues } from '../background/merchant-queues.ts';
import { type ReconcileSummary, reconcileNow } from '../background/reconcile-now.ts';
import { ensureDemoSavedCard } from '../cards/demo-saved-card.ts';
import { DEMO_MARIO, seedDemoData } from '../demo/demo-data.ts';
import { SandboxBankAdapter } from '../gateway/sandbox-bank-adapter.ts';
import type { SdiChannel } from '../invoices/sdi-channel.ts';
import { createOrder } from '../orders/create-order.ts';
import { buildPayApp } from '../pay/pay-app.tsx';
import { completeAttempt } from './complete-attempt.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { newAttemptPublicId, startPayment } from './start-payment.ts';

/**
 * Test support (not a test): the merchant side on a real database of the given kind with the demo data, Pagamenti
 * listening on a real port, and a real Banca Sandbox on another, talking over HTTP as in production. The bank is
 * started from its own test kit only because a test needs one running; the merchant code under test talks to it
 * over HTTP exclusively. One manual clock drives both sides.
 */
export interface PaymentsKit {
  db: Kysely<MerchantDatabase>;
  /** The database's connection pool now (Database.poolUsage). */
  poolUsage: Database<MerchantDatabase>['poolUsage'];
  bank: TestBank;
  merchant: TestMerchant;
  gateway: SandboxBankAdapter;
  deps: PaymentDeps;
  pay: FastifyInstance;
  payUrl: string;
  clock: ManualClock;
  marioId: number;
  marioCardId: number;
  /** Runs every background job due by the kit's clock (captures, voids, refunds, reconciliation, email…). */
  runJobs(): Promise<Record<string, number>>;
  /** What `npm run cassa -- reconcile` does, now. */
  reconcile(options?: { olderThanMs?: number }): Promise<ReconcileSummary>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function openPaymentsKit(
  kind: DatabaseKind,
  options: {
    poolSize?: number;
    /**
     * Kysely plugins (statement counters) the merchant's apps, use cases and worker go through, and the bank's; the
     * kit's own set-up and the test's reads (`kit.db`) do not.
     */
    plugins?: { merchant?: readonly KyselyPlugin[]; bank?: readonly KyselyPlugin[] };
    /** An SdI channel: `runJobs` then transmits fiscal documents and polls for the SdI's answers too. */
    sdiChannel?: SdiChannel;
  } = {},
): Promise<PaymentsKit> {
  const clock = new ManualClock(new Date());
  const database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, {
    poolSize: options.poolSize ?? 25,
  });
  const timeZone = loadConfig({ NODE_ENV: 'test' }).businessTimeZone;
  await seedDemoData(database.db, { clock, timeZone });
  const bank = await startTestBank(kind, { clock, plugins: options.plugins?.bank ?? [] });
  const port = await freePort();
  const payUrl = `http://127.0.0.1:${port}`;
  const merchant = await createTestMerchant(bank, payUrl);
  const gateway = new SandboxBankAdapter({
    baseUrl: bank.baseUrl,
    merchantId: merchant.id,
    secrets: [merchant.secret],
    clock,
  });
  await ensureDemoSavedCard(database.db, gateway, { clock, timeZone });
  const logger = pino({ level: 'silent' });
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_PAY_URL: payUrl, PUBLIC_BANK_URL: bank.baseUrl });
  const db = (options.plugins?.merchant ?? []).reduce((counted, plugin) => counted.withPlugin(plugin), database.db);
  const pay = await buildPayApp({ db, config, logger, clock, gateway });
  await pay.listen({ port, host: '127.0.0.1' });
  const deps: PaymentDeps = {
    db,
    gateway,
    clock,
    logger,
    payUrl,
    renewalLeadDays: 7,
    timeZone: config.businessTimeZone,
    fiscalProvider: config.invoices.provider,
  };
  const background = backgroundFromConfig({
    config,
    db,
    clock,
    logger,
    gateway,
    databaseKind: kind,
    ...(options.sdiChannel ? { sdiChannel: options.sdiChannel } : {}),
  });
  const workerDeps = { db, clock, logger, workerId: 'payments-kit' };
  const worker = createWorker(workerDeps, { queues: merchantQueues(background), pollMs: 1_000 });
  const mario = await database.db
    .selectFrom('customers')
    .select('id')
    .where('email', '=', DEMO_MARIO.email)
    .executeTakeFirstOrThrow();
  const card = await database.db
    .selectFrom('saved_cards')
    .select('id')
    .where('customer_id', '=', mario.id)
    .executeTakeFirstOrThrow();
  return {
    db: database.db,
    poolUsage: database.poolUsage,
    bank,
    merchant,
    gateway,
    deps,
    pay,
    payUrl,
    clock,
    marioId: mario.id,
    marioCardId: card.id,
    runJobs: () => worker.runDue(),
    reconcile: (options) => reconcileNow({ ...background, worker: workerDeps }, options),
    async close() {
      await pay.close();
      await bank.close();
      await database.close();
    },
  };
}

/** A new order of Mario's awaiting payment (a renewal of his service of that product): each test its own. */
export async function newOrder(kit: PaymentsKit, productCode: string) {
  const subscription = await kit.db
    .selectFrom('subscriptions')
    .select('id')
    .where('customer_id', '=', kit.marioId)
    .where('product_code', '=', productCode)
    .executeTakeFirstOrThrow();
  return createOrder(
    kit.db,
    { customerId: kit.marioId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 1 },
    { clock: kit.clock, timeZone: kit.deps.timeZone },
  );
}

/** One of Mario's orders awaiting payment, by product. */
export async function marioOrder(kit: PaymentsKit, productCode: string) {
  return kit.db
    .selectFrom('orders')
    .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
    .selectAll('orders')
    .where('orders.customer_id', '=', kit.marioId)
    .where('subscriptions.product_code', '=', productCode)
    .where('orders.state', '=', 'awaiting_payment')
    .executeTakeFirstOrThrow();
}

/**
 * "Procedi" with "Nuova carta di pagamento" on one of Mario's orders (Flow B's start): the attempt and the bank's page
 * to send the browser to. What the card does there is the test's.
 */
export async function startNewCardPayment(kit: PaymentsKit, orderNumber: string) {
  const started = await startPayment(kit.deps, {
    customerId: kit.marioId,
    orderNumber,
    card: 'new',
    requestKey: newAttemptPublicId(),
    locale: 'it',
    sessionRef: null,
  });
  if (started.kind !== 'redirect') throw new Error(`payment not started: ${started.kind}`);
  return started;
}

/** "Procedi" with Mario's saved 4444 card, then the customer's browser at the bank (frictionless: authorized). */
export async function payWithSavedCard(
  kit: PaymentsKit,
  orderNumber: string,
  requestKey = newAttemptPublicId(),
): Promise<PaymentAttempt> {
  const started = await startPayment(kit.deps, {
    customerId: kit.marioId,
    orderNumber,
    card: kit.marioCardId,
    requestKey,
    locale: 'it',
    sessionRef: null,
  });
  if (started.kind !== 'redirect') throw new Error(`payment not started: ${started.kind}`);
  await new HostedClient(kit.bank).get(started.url);
  return started.attempt;
}

export async function attemptOf(kit: PaymentsKit, id: number): Promise<PaymentAttempt> {
  return kit.db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A new order of Mario's paid with his saved card and captured at the bank: what a refund can give back. */
export async function capturedPayment(kit: PaymentsKit, productCode = 'pec') {
  const order = await newOrder(kit, productCode);
  const started = await payWithSavedCard(kit, order.number);
  await completeAttempt(kit.deps, started.id, 'return');
  await kit.runJobs();
  const attempt = await attemptOf(kit, started.id);
  if (attempt.status !== 'captured') throw new Error(`expected a captured payment, got ${attempt.status}`);
  return { order, attempt };
}

/** Outbox rows and 'paid' history rows of one order: what "exactly once" is measured by. */
export async function effectsOf(kit: PaymentsKit, orderId: number) {
  const [outbox, paidEvents, authorized] = await Promise.all([
    kit.db
      .selectFrom('email_outbox')
      .select(['template', 'dedupe_key'])
      .where('dedupe_key', 'like', `%:order:${orderId}`)
      .orderBy('id')
      .execute(),
    kit.db
      .selectFrom('order_events')
      .select('id')
      .where('order_id', '=', orderId)
      .where('to_state', '=', 'paid')
      .execute(),
    kit.db
      .selectFrom('payment_attempts')
      .select('id')
      .where('order_id', '=', orderId)
      .where('status', 'in', ['authorized', 'captured'])
      .execute(),
  ]);
  return { templates: outbox.map((r) => r.template), paidEvents: paidEvents.length, paidBy: authorized.length };
}
