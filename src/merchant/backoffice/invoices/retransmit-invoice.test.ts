import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { openTestDatabase, testDatabaseKinds } from '../../../db/test-databases.ts';
import { sdiMigrations } from '../../../sdi-sandbox/db/migrations/index.ts';
import type { SdiDatabase } from '../../../sdi-sandbox/db/schema.ts';
import { SDI_SCHEMA } from '../../../sdi-sandbox/db/sdi-database.ts';
import { SandboxSdiChannel } from '../../../sdi-sandbox/sandbox-sdi-channel.ts';
import { saveBillingProfile } from '../../invoices/billing-profile-repository.ts';
import { findInvoiceOfOrder } from '../../invoices/fiscal-document-repository.ts';
import { COMPANY_BILLING, WRONG_VAT_BILLING } from '../../invoices/testing/fiscal-document-fixtures.ts';
import { capturedPayment, openPaymentsKit, type PaymentsKit } from '../../payments/test-payments.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { expectGuardedAction, keyOf } from '../testing/action-checks.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

// Each file sent is validated against the XSD (80 ms to 2 s on a loaded machine).
vi.setConfig({ testTimeout: 120_000 });

const SDI_DELAY_SECONDS = 120;

/**
 * A scarto in the back office (issue 15, point 6): the document's page shows the SdI's reason with its codes and
 * every transmission, and "Ritrasmetti al SdI" — confirmed, audited, for support and up — sends a corrected file,
 * which the sandbox SdI then delivers.
 */
describe.each(testDatabaseKinds())('a discarded invoice in the back office, on %s', (kind) => {
  let kit: PaymentsKit;
  let sdi: Database<SdiDatabase>;
  let bo: TestBackoffice;
  let support: TestClient;
  let supportEmail: string;
  let viewer: TestClient;
  let invoiceId: number;
  let invoiceNumber: string;

  const afterTheSdiAnswers = async () => {
    kit.clock.advance(SDI_DELAY_SECONDS * 1000 + 1000);
    await kit.runJobs();
  };
  const transmissions = () =>
    kit.db
      .selectFrom('fiscal_document_transmissions')
      .select(['attempt', 'outcome', 'requested_by'])
      .where('document_id', '=', invoiceId)
      .orderBy('attempt')
      .execute();

  beforeAll(async () => {
    sdi = await openTestDatabase<SdiDatabase>(kind, sdiMigrations, { schema: SDI_SCHEMA });
    const clock = { now: () => kit.clock.now() };
    kit = await openPaymentsKit(kind, {
      sdiChannel: new SandboxSdiChannel({ db: sdi.db, clock, delaySeconds: SDI_DELAY_SECONDS }),
    });
    bo = await openTestBackoffice(kind, { on: { db: kit.db, clock: kit.clock } });
    const signedIn = await bo.signIn('support');
    support = signedIn.client;
    supportEmail = signedIn.operator.email;
    viewer = (await bo.signIn('viewer')).client;
    await saveBillingProfile(kit.db, kit.marioId, WRONG_VAT_BILLING, kit.clock.now());
    const { order } = await capturedPayment(kit);
    await afterTheSdiAnswers();
    const invoice = await findInvoiceOfOrder(kit.db, order.id);
    if (invoice?.sdi_status !== 'rejected') throw new Error(`expected a scarto, got ${invoice?.sdi_status}`);
    invoiceId = invoice.id;
    invoiceNumber = invoice.number;
  }, 180_000);
  afterAll(async () => {
    await bo?.close();
    await kit?.close();
    await sdi?.close();
  });

  it("the list links the document's page; the page shows the scarto's codes, the file and the notification", async () => {
    const list = await viewer.get('/fatture?sdi=rejected');
    expect(list.body).toContain(`<a href="/fatture/${invoiceId}">${invoiceNumber}</a>`);
    const page = await viewer.get(`/fatture/${invoiceId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain(`Fattura ${invoiceNumber}`);
    expect(text).toMatch(/Scartata dal SdI il \d{2}\/\d{2}\/\d{4}/u);
    expect(text).toContain('00305 1.4.1.1.2 &lt;IdCodice&gt; non valido: 12345678901');
    expect(text).toContain('entro 5 giorni dallo scarto');
    expect(text).toContain('Rossi Consulenze S.r.l. · P.IVA 12345678901 · codice destinatario M5UXCR1');
    expect(text).toContain('Notifica di scarto (NS)');
    expect(text).toContain('Scartato');
    // Reading is every role's; the action is not a viewer's, so its button is not shown to one.
    expect(page.body).not.toContain('Ritrasmetti al SdI</a>');
    const asSupport = await support.get(`/fatture/${invoiceId}`);
    expect(asSupport.body).toContain(`href="/fatture/${invoiceId}/ritrasmetti"`);
    expect((await viewer.get('/fatture/999999999')).statusCode).toBe(404);
    expect((await viewer.get('/fatture/abc')).statusCode).toBe(404);
  });

  it('"Ritrasmetti al SdI" is guarded like every action, and its confirmation names the data the new file carries', async () => {
    await expectGuardedAction(bo, support, `/fatture/${invoiceId}/ritrasmetti`);
    expect(await transmissions()).toHaveLength(1);
    // The customer corrects the partita IVA (through the form in Area Clienti, here straight into the row).
    await saveBillingProfile(kit.db, kit.marioId, COMPANY_BILLING, kit.clock.now());
    const confirmation = pageText((await support.get(`/fatture/${invoiceId}/ritrasmetti`)).body);
    expect(confirmation).toContain(`Ritrasmetti al SdI la fattura ${invoiceNumber}`);
    expect(confirmation).toContain('con lo stesso numero, la stessa data e gli stessi importi');
    expect(confirmation).toContain('come sono ora: Rossi Consulenze S.r.l. · P.IVA 12345678903');
  });

  it('sends a new file once, audited with the reason; the SdI delivers it and the page says so', async () => {
    const path = `/fatture/${invoiceId}/ritrasmetti`;
    const key = keyOf((await support.get(path)).body);
    const done = await support.post(path, { chiave: key, motivo: 'Partita IVA corretta dal cliente' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/fatture/${invoiceId}?fatto=retransmit_invoice`);
    // The same form again is the same request: no third file.
    expect((await support.post(path, { chiave: key, motivo: 'Partita IVA corretta dal cliente' })).statusCode).toBe(
      303,
    );
    expect(await transmissions()).toEqual([
      { attempt: 1, outcome: 'rejected', requested_by: 'issue' },
      { attempt: 2, outcome: 'queued', requested_by: `operator:${supportEmail}` },
    ]);
    const audit = await kit.db.selectFrom('audit_log').selectAll().where('action', '=', 'retransmit_invoice').execute();
    expect(audit).toMatchObject([
      {
        object_type: 'fiscal_document',
        object_id: invoiceNumber,
        customer_id: kit.marioId,
        reason: 'Partita IVA corretta dal cliente',
        before: { sdiStatus: 'rejected', attempt: 1 },
        after: { sdiStatus: 'pending', attempt: 2 },
      },
    ]);
    const pending = await support.get(`/fatture/${invoiceId}?fatto=retransmit_invoice`);
    expect(pageText(pending.body)).toContain('Documento rimesso in coda per il SdI');
    // Pending, not rejected any more: nothing to send again, and the confirmation says why (409).
    const again = await support.get(path);
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain('Il documento è «In attesa»');

    await kit.runJobs();
    await afterTheSdiAnswers();
    expect(await transmissions()).toMatchObject([{ outcome: 'rejected' }, { outcome: 'delivered' }]);
    const page = pageText((await viewer.get(`/fatture/${invoiceId}`)).body);
    expect(page).toContain('Consegnata');
    expect(page).toContain('Ricevuta di consegna (RC)');
    expect(page).not.toContain('Scartata dal SdI');
  });
});
