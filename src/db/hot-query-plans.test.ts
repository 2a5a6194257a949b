import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobsQuery, dueQueuesQuery } from '../jobs/job-queue.ts';
import { invoicesListQuery } from '../merchant/backoffice/lists/invoices-list.ts';
import { documentsOfCustomerQuery, invoiceOfOrderQuery } from '../merchant/invoices/fiscal-document-repository.ts';
import { attemptsToReconcileQuery } from '../merchant/payments/attempt-repository.ts';
import { dueSubscriptionsQuery } from '../merchant/renewals/renewal-repository.ts';
import {
  jobQueueCountsQuery,
  outboxCountsQuery,
  paymentAttemptCountsQuery,
  reconciliationCountsQuery,
} from '../observability/metrics-queries.ts';
import type { Database } from './database.ts';
import { merchantMigrations } from './migrations/index.ts';
import type { MerchantDatabase } from './schema.ts';
import { openTestDatabase, testDatabaseKinds } from './test-databases.ts';
import { planWithoutSeqScans } from './testing/query-plan.ts';

/**
 * The hot queries — the very statements the code runs, compiled by the functions that run them — can use their
 * indexes. Test tables are small, so the planner would rightly scan them: with sequential scans priced out
 * (`enable_seqscan = off`, in this session only) a plan that still reads a whole table means no index fits.
 */
describe.each(testDatabaseKinds())('hot query plans on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, { poolSize: 1 });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const planOf = (compiled: CompiledQuery) => planWithoutSeqScans(database.db as never, compiled);

  it('the job claim of every queue (email delivery included) uses jobs_due_idx', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const plan = await planOf(
      claimJobsQuery({ queue: 'email.send', now, limit: 20, leaseMs: 30_000 }).compile(database.db),
    );
    expect(plan).toContain('jobs_due_idx');
    expect(plan).not.toMatch(/Seq Scan on jobs/);
  });

  it("the worker's look for queues with due jobs uses jobs_due_idx", async () => {
    const plan = await planOf(dueQueuesQuery(database.db, new Date('2030-01-01T00:00:00Z')).compile());
    expect(plan).toContain('jobs_due_idx');
    expect(plan).not.toMatch(/Seq Scan on jobs/);
  });

  it("a refund's look for its order's invoice and a customer's documents use their indexes", async () => {
    const invoice = await planOf(invoiceOfOrderQuery(database.db, 42).compile());
    expect(invoice).toContain('fiscal_documents_one_invoice_idx');
    const documents = await planOf(documentsOfCustomerQuery(database.db, 42).compile());
    expect(documents).toContain('fiscal_documents_customer_idx');
    expect(`${invoice}${documents}`).not.toMatch(/Seq Scan on fiscal_documents/);
  });

  it('"Fatture" in the back office reads a page off fiscal_documents_issued_idx, the discarded ones off their twin', async () => {
    const page = { limit: 51, after: { key: '2026-12-01', id: 900 } };
    const all = await planOf(invoicesListQuery(database.db, {}, page).compile());
    expect(all).toContain('fiscal_documents_issued_idx');
    const rejected = await planOf(invoicesListQuery(database.db, { sdi: 'rejected' }, page).compile());
    expect(rejected).toContain('fiscal_documents_sdi_issued_idx');
    expect(`${all}${rejected}`).not.toMatch(/Sort|Seq Scan on fiscal_documents/);
  });

  it('the due-renewals query uses subscriptions_due_idx, a page at a time', async () => {
    const compiled = dueSubscriptionsQuery(database.db, {
      today: '2030-01-01',
      lastDay: '2030-01-08',
      limit: 1000,
      after: { expiresOn: '2030-01-02', id: 10 },
    }).compile();
    const plan = await planOf(compiled);
    expect(plan).toContain('subscriptions_due_idx');
    expect(plan).not.toMatch(/Seq Scan on subscriptions/);
    expect(plan).toMatch(/Limit/);
  });

  it('the reconciliation pick of open attempts uses payment_attempts_open_idx', async () => {
    const compiled = attemptsToReconcileQuery(database.db, new Date('2030-01-01T00:00:00Z'), 500).compile();
    const plan = await planOf(compiled);
    expect(plan).toContain('payment_attempts_open_idx');
    expect(plan).not.toMatch(/Seq Scan on payment_attempts/);
  });

  it("the metrics' reads of payments, jobs, the outbox and the reconciliation backlog use indexes", async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const reads = [
      { table: 'payment_attempts', compiled: paymentAttemptCountsQuery(database.db, now).compile() },
      { table: 'jobs', compiled: jobQueueCountsQuery(database.db, now).compile(), index: 'jobs_due_idx' },
      { table: 'email_outbox', compiled: outboxCountsQuery(database.db).compile() },
      { table: 'payment_attempts', compiled: reconciliationCountsQuery(database.db, now).compile() },
    ];
    for (const read of reads) {
      const plan = await planOf(read.compiled);
      expect(plan, read.compiled.sql).not.toMatch(new RegExp(`Seq Scan on ${read.table}`));
      expect(plan, read.compiled.sql).toMatch(/Index/);
      if (read.index) expect(plan).toContain(read.index);
    }
  });
});
