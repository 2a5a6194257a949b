import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-databases.ts';
import { holdTransaction } from '../db/testing/held-transaction.ts';
import { openTestBackoffice, type TestBackoffice } from '../merchant/backoffice/testing/test-backoffice.ts';
import { completeAttempt } from '../merchant/payments/complete-attempt.ts';
import { newAttemptPublicId, startPayment } from '../merchant/payments/start-payment.ts';
import {
  attemptOf,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../merchant/payments/test-payments.ts';
import { createMetrics, type Metrics } from './metrics.ts';

/** The value of one sample line (`name{labels} value`), or undefined when the text has no such line. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testDatabaseKinds())('metrics on %s', (kind) => {
  let kit: PaymentsKit;
  let backoffice: TestBackoffice;
  let metrics: Metrics;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    backoffice = await openTestBackoffice(kind, { on: { db: kit.db, clock: kit.clock } });
    metrics = createMetrics({
      logger: pino({ level: 'silent' }),
      database: { db: kit.db, clock: kit.clock, poolUsage: kit.poolUsage },
    });
    metrics.observeRequests(backoffice.app, 'backoffice');
  });
  afterAll(async () => {
    await backoffice?.close();
    await kit?.close();
  });

  it('labels request durations by the route pattern, never the raw URL', async () => {
    const { client } = await backoffice.signIn('admin');
    const order = await newOrder(kit, 'pec');
    expect((await client.get(`/ordini/${order.number}`)).statusCode).toBe(200);
    expect((await client.get('/no-such-page/ORD-2026-000001')).statusCode).toBe(404);

    const text = await metrics.registry.metrics();
    const labels = 'app="backoffice",route="/ordini/:number",method="GET",status="200"';
    expect(sample(text, `cassa_http_request_duration_seconds_count{${labels}}`)).toBe(1);
    expect(sample(text, `cassa_http_request_duration_seconds_bucket{le="+Inf",${labels}}`)).toBe(1);
    expect(text).toContain('route="unmatched",method="GET",status="404"');
    expect(text).not.toContain(order.number);
    expect(text).not.toContain('no-such-page');
  });

  it('reads payments by outcome, renewals, jobs, the outbox and the reconciliation backlog from the database', async () => {
    const before = await metrics.registry.metrics();
    const captured = 'cassa_payment_attempts{purpose="order_payment",status="captured",decline_reason=""}';
    const paid = await newOrder(kit, 'pec');
    const attempt = await payWithSavedCard(kit, paid.number);
    await completeAttempt(kit.deps, attempt.id, 'return');
    // An attempt left at the bank: open, so the reconciliation owes it a look once the challenge window is over.
    const left = await newOrder(kit, 'spid');
    const open = await startPayment(kit.deps, {
      customerId: kit.marioId,
      orderNumber: left.number,
      card: kit.marioCardId,
      requestKey: newAttemptPublicId(),
      locale: 'it',
      sessionRef: null,
    });
    expect(open.kind).toBe('redirect');
    const queued = await metrics.registry.metrics();
    expect(sample(queued, 'cassa_jobs_queued{queue="payment.capture"}')).toBeGreaterThanOrEqual(1);
    expect(sample(queued, 'cassa_reconciliation_backlog')).toBe(sample(before, 'cassa_reconciliation_backlog'));

    await kit.runJobs();
    kit.clock.advance(16 * 60_000);
    const text = await metrics.registry.metrics();
    // The window is the last 24 h by the kit's clock, which just moved: the demo history's edge moves with it, so the
    // figure is compared with the same count in SQL at the same instant, and our payment is among them.
    const inWindow = await kit.db
      .selectFrom('payment_attempts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('purpose', '=', 'order_payment')
      .where('status', '=', 'captured')
      .where('created_at', '>=', new Date(kit.clock.now().getTime() - 86_400_000))
      .executeTakeFirstOrThrow();
    expect(sample(text, captured)).toBe(Number(inWindow.n));
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    expect(sample(text, 'cassa_reconciliation_backlog')).toBe(
      (sample(before, 'cassa_reconciliation_backlog') ?? 0) + 1,
    );
    expect(sample(text, 'cassa_payment_attempts_needing_attention')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^cassa_payment_attempts\{purpose="\w+",status="declined",decline_reason="[a-z_]+"\} \d+$/m);
    expect(text).toMatch(/^cassa_renewals\{status="(scheduled|succeeded|failed|closed)"\} \d+$/m);
    expect(sample(text, 'cassa_jobs_queued{queue="payment.capture"}')).toBe(0);
    expect(text).toMatch(/^cassa_jobs_oldest_age_seconds\{queue="[\w.]+"\} [\d.]+$/m);
    expect(sample(text, 'cassa_outbox_emails{status="pending"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cassa_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(16 * 60);
    expect(sample(text, 'cassa_db_pool_in_use')).toBe(0);
    expect(sample(text, 'cassa_db_pool_waiting')).toBe(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);
  });

  it('reports the pool as the scrape found it, before its own reads took a connection', async () => {
    const { release: finish, done: transaction } = await holdTransaction(kit.db as never);
    const scrape = metrics.registry.metrics();
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    const [text] = await Promise.all([scrape, transaction]);
    expect(sample(text, 'cassa_db_pool_in_use')).toBe(1);
    expect(sample(text, 'cassa_db_pool_waiting')).toBe(0);
  });

  it('leaves out the gauges of a read that fails, counts the error, and renders the rest', async () => {
    await sql`alter table renewals rename to renewals_away`.execute(kit.db);
    try {
      const text = await metrics.registry.metrics();
      expect(text).not.toMatch(/^cassa_renewals\{/m);
      expect(text).toContain('# TYPE cassa_renewals gauge');
      expect(sample(text, 'cassa_metrics_scrape_errors_total{source="renewals"}')).toBe(1);
      expect(sample(text, 'cassa_reconciliation_backlog')).toBeGreaterThanOrEqual(0);
      expect(text).toMatch(/^cassa_payment_attempts\{/m);
    } finally {
      await sql`alter table renewals_away rename to renewals`.execute(kit.db);
    }
    const healed = await metrics.registry.metrics();
    expect(healed).toMatch(/^cassa_renewals\{/m);
    expect(sample(healed, 'cassa_metrics_scrape_errors_total{source="renewals"}')).toBe(1);
  });
});
