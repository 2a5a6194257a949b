import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/database.ts';
import type { FiscalDocumentRow } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { sdiMigrations } from '../../sdi-sandbox/db/migrations/index.ts';
import type { SdiDatabase } from '../../sdi-sandbox/db/schema.ts';
import { SDI_SCHEMA } from '../../sdi-sandbox/db/sdi-database.ts';
import { SandboxSdiChannel } from '../../sdi-sandbox/sandbox-sdi-channel.ts';
import { capturedPayment, openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { findBillingProfile, saveBillingProfile } from './billing-profile-repository.ts';
import { buildFatturaPaXml, fatturaPaFileName } from './fatturapa-xml.ts';
import { documentOf, findInvoiceOfOrder } from './fiscal-document-repository.ts';
import { retransmitDocument } from './retransmit-document.ts';
import { saveBillingDetails } from './save-billing-details.ts';
import type { SdiChannel, SdiFile, SdiTransmission } from './sdi-channel.ts';
import { FIRST_POLL_MS } from './sdi-jobs.ts';
import { COMPANY_BILLING, WRONG_VAT_BILLING } from './testing/fiscal-document-fixtures.ts';

// Each file validated against the XSD takes 80 ms to 2 s (a worker thread per call, fatturapa-validate.ts): on a
// loaded 2-core machine a test of several files needs more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

/** The sandbox answers two minutes after receiving: the first look (30 s) finds nothing yet. */
const SDI_DELAY_SECONDS = 120;

/** A channel that can be made to fail as a channel that is down would; otherwise the sandbox's. */
class FlakyChannel implements SdiChannel {
  failures = 0;
  constructor(private readonly inner: SdiChannel) {}
  async transmit(file: SdiFile): Promise<SdiTransmission> {
    if (this.failures > 0) {
      this.failures--;
      return { ok: false, retryable: true, reason: 'channel unreachable' };
    }
    return this.inner.transmit(file);
  }
  notifications(sdiId: string) {
    return this.inner.notifications(sdiId);
  }
}

describe.each(testDatabaseKinds())('transmission to the sandbox SdI from the job queue, on %s', (kind) => {
  let kit: PaymentsKit;
  let sdi: Database<SdiDatabase>;
  let channel: FlakyChannel;

  beforeAll(async () => {
    sdi = await openTestDatabase<SdiDatabase>(kind, sdiMigrations, { schema: SDI_SCHEMA });
    const clock = { now: () => kit.clock.now() };
    channel = new FlakyChannel(new SandboxSdiChannel({ db: sdi.db, clock, delaySeconds: SDI_DELAY_SECONDS }));
    kit = await openPaymentsKit(kind, { sdiChannel: channel });
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await sdi?.close();
  });

  async function invoiceOf(orderId: number): Promise<FiscalDocumentRow> {
    const row = await findInvoiceOfOrder(kit.db, orderId);
    if (!row) throw new Error('no invoice');
    return row;
  }
  const transmissionsOf = (documentId: number) =>
    kit.db
      .selectFrom('fiscal_document_transmissions')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('attempt')
      .execute();
  const notificationsOf = (documentId: number) =>
    kit.db
      .selectFrom('fiscal_document_notifications')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id')
      .execute();
  const transmitJobsOf = (documentId: number) =>
    kit.db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', 'sdi.transmit')
      .where('singleton_key', 'like', `sdi.transmit:${documentId}:%`)
      .execute();
  /** The SdI answers later: the clock past its delay, then the jobs. */
  async function afterTheSdiAnswers() {
    kit.clock.advance(SDI_DELAY_SECONDS * 1000 + 1000);
    await kit.runJobs();
  }

  it('a good invoice is sent (pending → sent), then delivered with its RC stored once, however often polled', async () => {
    await saveBillingProfile(kit.db, kit.marioId, COMPANY_BILLING, kit.clock.now());
    const { order } = await capturedPayment(kit);
    const issued = await invoiceOf(order.id);
    // capturedPayment ran the jobs: the transmission job, enqueued with the invoice, sent it.
    expect(await transmitJobsOf(issued.id)).toMatchObject([{ singleton_key: `sdi.transmit:${issued.id}:1` }]);
    const [first, ...others] = await transmissionsOf(issued.id);
    expect(others).toEqual([]);
    expect(first).toMatchObject({
      attempt: 1,
      file_name: fatturaPaFileName(documentOf(issued)),
      outcome: 'sent',
      sdi_id: expect.stringMatching(/^\d+$/u),
    });
    expect((await invoiceOf(order.id)).sdi_status).toBe('sent');
    // The first look comes before the SdI's answer: nothing stored, still sent, looked at again later.
    kit.clock.advance(FIRST_POLL_MS);
    await kit.runJobs();
    expect(await notificationsOf(issued.id)).toEqual([]);
    const poll = await kit.db
      .selectFrom('jobs')
      .selectAll()
      .where('singleton_key', '=', `sdi.poll:${first?.id}`)
      .executeTakeFirstOrThrow();
    expect(poll).toMatchObject({ status: 'queued', attempts: 0 });
    expect(poll.run_at.getTime()).toBeGreaterThan(kit.clock.now().getTime());

    await afterTheSdiAnswers();
    expect((await invoiceOf(order.id)).sdi_status).toBe('delivered');
    await afterTheSdiAnswers();
    const notifications = await notificationsOf(issued.id);
    expect(notifications).toMatchObject([{ kind: 'RC', errors: [], fiscal_transmission_id: first?.id }]);
    expect(notifications[0]?.xml).toContain('RicevutaConsegna');
    expect((await transmissionsOf(issued.id))[0]?.outcome).toBe('delivered');
  });

  it('a wrong partita IVA is discarded (NS 00305 stored); fixed and sent again under a new name, it is delivered', async () => {
    // Written straight into the billing row, as the form's check would not let it through.
    await saveBillingProfile(kit.db, kit.marioId, WRONG_VAT_BILLING, kit.clock.now());
    const { order } = await capturedPayment(kit);
    const issued = await invoiceOf(order.id);
    await afterTheSdiAnswers();
    expect((await invoiceOf(order.id)).sdi_status).toBe('rejected');
    const [scarto, ...more] = await notificationsOf(issued.id);
    expect(more).toEqual([]);
    expect(scarto).toMatchObject({ kind: 'NS' });
    expect(scarto?.errors.map((error) => error.code)).toContain('00305');
    expect(scarto?.xml).toContain('NotificaScarto');

    // Not rejected any more once resent; nothing to resend twice.
    await saveBillingProfile(kit.db, kit.marioId, COMPANY_BILLING, kit.clock.now());
    const resent = await retransmitDocument(kit.db, issued.id, 'operator:test', kit.clock.now());
    expect(resent).toMatchObject({ ok: true, attempt: 2 });
    expect(await retransmitDocument(kit.db, issued.id, 'operator:test', kit.clock.now())).toEqual({
      ok: false,
      reason: 'not_rejected',
    });
    const corrected = await invoiceOf(order.id);
    expect(corrected).toMatchObject({ sdi_status: 'pending', number: issued.number, issue_date: issued.issue_date });
    expect(documentOf(corrected).customer).toEqual(COMPANY_BILLING);

    await kit.runJobs();
    await afterTheSdiAnswers();
    await afterTheSdiAnswers();
    const transmissions = await transmissionsOf(issued.id);
    expect(transmissions.map((t) => [t.attempt, t.outcome, t.requested_by])).toEqual([
      [1, 'rejected', 'issue'],
      [2, 'delivered', 'operator:test'],
    ]);
    const [firstName, secondName] = transmissions.map((t) => t.file_name);
    expect(secondName).not.toBe(firstName);
    expect(secondName).toMatch(/^IT02154821009_[A-Za-z0-9]{5}\.xml$/u);
    expect(transmissions[1]?.sdi_id).not.toBe(transmissions[0]?.sdi_id);
    expect((await invoiceOf(order.id)).sdi_status).toBe('delivered');
    expect((await notificationsOf(issued.id)).map((n) => n.kind)).toEqual(['NS', 'RC']);
  });

  it('a document waiting for billing data is held back, and sent once the customer gives them', async () => {
    const kept = await findBillingProfile(kit.db, kit.marioId);
    await kit.db.deleteFrom('customer_billing_profiles').where('customer_id', '=', kit.marioId).execute();
    const { order } = await capturedPayment(kit);
    const issued = await invoiceOf(order.id);
    expect(issued.needs_billing_data).toBe(true);
    await afterTheSdiAnswers();
    expect(await transmitJobsOf(issued.id)).toEqual([]);
    expect(await transmissionsOf(issued.id)).toEqual([]);
    expect((await invoiceOf(order.id)).sdi_status).toBe('pending');

    await saveBillingDetails(kit.db, { customerId: kit.marioId, data: kept ?? COMPANY_BILLING, at: kit.clock.now() });
    await kit.runJobs();
    await afterTheSdiAnswers();
    expect((await invoiceOf(order.id)).sdi_status).toBe('delivered');
  });

  it('a channel down is retried with backoff, the document staying pending meanwhile', async () => {
    channel.failures = 1;
    const { order } = await capturedPayment(kit);
    const issued = await invoiceOf(order.id);
    expect((await invoiceOf(order.id)).sdi_status).toBe('pending');
    const [job] = await transmitJobsOf(issued.id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'SdI channel: channel unreachable' });
    expect(job?.run_at.getTime()).toBeGreaterThan(kit.clock.now().getTime());
    expect(await transmissionsOf(issued.id)).toMatchObject([{ outcome: 'queued', sdi_id: null }]);
    kit.clock.advance(5 * 60_000);
    await kit.runJobs();
    expect((await invoiceOf(order.id)).sdi_status).toBe('sent');
  });

  it('a file the SdI already received (a crash between sending and recording) resumes with its earlier id', async () => {
    // The payment's jobs would send the invoice at once: the channel is made to fail that one run.
    channel.failures = 1;
    const { order } = await capturedPayment(kit);
    const issued = await invoiceOf(order.id);
    const document = documentOf(issued);
    // The "first run" that sent the file and died before recording the answer.
    const earlier = await channel.transmit({ fileName: fatturaPaFileName(document), xml: buildFatturaPaXml(document) });
    if (!earlier.ok) throw new Error(earlier.reason);
    kit.clock.advance(5 * 60_000);
    await kit.runJobs();
    expect(await transmissionsOf(issued.id)).toMatchObject([{ outcome: 'sent', sdi_id: earlier.sdiId }]);
    await afterTheSdiAnswers();
    expect((await invoiceOf(order.id)).sdi_status).toBe('delivered');
    expect(await notificationsOf(issued.id)).toHaveLength(1);
  });
});
