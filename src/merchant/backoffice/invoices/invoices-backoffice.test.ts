import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FiscalDocumentRow } from '../../../db/schema.ts';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_GIULIA, DEMO_MARIO } from '../../demo/demo-data.ts';
import { fatturaPaFileName } from '../../invoices/fatturapa-xml.ts';
import { documentOf } from '../../invoices/fiscal-document-repository.ts';
import { companyInvoice } from '../../invoices/testing/fiscal-document-fixtures.ts';
import { seedCreditNoteOfOrder, seedInvoiceOfOrder } from '../../invoices/testing/seed-fiscal-documents.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

/** "Fatture" in the back office: the list with its filters and CSV, the customer page's section, the downloads. */
describe.each(testDatabaseKinds())('invoices in the back office (%s)', (kind) => {
  let bo: TestBackoffice;
  let viewer: TestClient;
  let marioId: number;
  let november: FiscalDocumentRow;
  let december: FiscalDocumentRow;
  let note: FiscalDocumentRow;
  let giulias: FiscalDocumentRow;

  const paidOrders = async (customerId: number) =>
    bo.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('state', '=', 'paid')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    viewer = (await bo.signIn('viewer')).client;
    marioId = (await findCustomerByEmail(bo.db, DEMO_MARIO.email))?.id ?? 0;
    const giuliaId = (await findCustomerByEmail(bo.db, DEMO_GIULIA.email))?.id ?? 0;
    const [first, second] = await paidOrders(marioId);
    const [giuliaFirst] = await paidOrders(giuliaId);
    if (!first || !second || !giuliaFirst) throw new Error('the demo has fewer paid orders than expected');
    november = await seedInvoiceOfOrder(bo.db, {
      orderId: second.id,
      overrides: { issueDate: '2026-11-20' },
      sdiStatus: 'delivered',
      needsBillingData: true,
    });
    december = await seedInvoiceOfOrder(bo.db, { orderId: first.id, sdiStatus: 'rejected' });
    note = await seedCreditNoteOfOrder(bo.db, { orderId: first.id, invoice: december });
    const { customer } = companyInvoice();
    if (customer.kind !== 'company') throw new Error('the fixture is a company');
    giulias = await seedInvoiceOfOrder(bo.db, {
      orderId: giuliaFirst.id,
      overrides: { customer: { ...customer, name: 'Bianchi; Figli S.n.c.' } },
    });
  }, 120_000);
  afterAll(async () => {
    await bo?.close();
  });

  /** The documents' numbers in a page's rows, each linked to its own page. */
  const numbersOf = (html: string) =>
    [...html.matchAll(/<td><a href="\/fatture\/\d+">(\d{4}\/(?:A|NC)\/\d{6})<\/a>/gu)].map((m) => m[1]);

  test('is in the navigation, and lists every document newest first for a viewer', async () => {
    const page = await viewer.get('/fatture');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<a href="\/fatture"[^>]*>Fatture<\/a>/u);
    expect(numbersOf(page.body)).toEqual([note.number, giulias.number, december.number, november.number]);
    const text = pageText(page.body);
    expect(text).toContain(`Nota di credito (${december.number})`);
    expect(text).toContain('Scartata');
    expect(page.body).toContain(`href="/fatture/${december.id}/pdf" aria-label="PDF ${december.number}"`);
    expect(page.body).toContain('Esporta CSV');
  });

  test('filters by period (both days included), SdI state and kind; a reversed period is refused', async () => {
    const november20 = await viewer.get('/fatture?from=2026-11-20&to=2026-11-20');
    expect(numbersOf(november20.body)).toEqual([november.number]);
    const rejected = await viewer.get('/fatture?sdi=rejected');
    expect(numbersOf(rejected.body)).toEqual([december.number]);
    const notes = await viewer.get('/fatture?kind=credit_note');
    expect(numbersOf(notes.body)).toEqual([note.number]);
    expect((await viewer.get('/fatture?from=2026-12-10&to=2026-12-01')).statusCode).toBe(400);
    expect((await viewer.get('/fatture?sdi=lost')).statusCode).toBe(400);
  });

  test('exports CSV for the accountant: semicolons, decimal commas, Italian dates, the fiscal ids', async () => {
    const csv = await viewer.get('/fatture?format=csv&from=2026-12-01');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="fatture-\d{4}-\d{2}-\d{2}\.csv"$/u);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      'numero;data;tipo;fattura_collegata;cliente;codice_fiscale;partita_iva;imponibile;iva;totale;stato_sdi',
    );
    const euros = (cents: number) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    const doc = documentOf(note);
    expect(lines[1]).toBe(
      `${note.number};10/12/2026;TD04;${december.number};Mario Rossi;RSSMRA85T10A562S;;${euros(doc.netCents)};${euros(doc.vatCents)};${euros(doc.totalCents)};pending`,
    );
    // Giulia's row: the addressee's name holds a semicolon, so it is quoted; the partita IVA is there.
    expect(lines[2]).toContain(';"Bianchi; Figli S.n.c.";12345678903;12345678903;');
    expect(lines.filter(Boolean)).toHaveLength(4);
  });

  test("the customer page's Fatture section: the customer's documents only, with their links", async () => {
    const page = await viewer.get(`/clienti/${marioId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="customer-invoices">Fatture</h2>');
    expect(numbersOf(page.body)).toEqual([note.number, december.number, november.number]);
    expect(pageText(page.body)).toContain(`${november.number} (intestata senza dati di fatturazione)`);
    expect(page.body).toContain(`href="/fatture/${note.id}/xml"`);
  });

  test('downloads any document for an operator; an unknown one is a 404, a signed-out visitor is sent to login', async () => {
    const xml = await viewer.get(`/fatture/${giulias.id}/xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-disposition']).toBe(`attachment; filename="${fatturaPaFileName(documentOf(giulias))}"`);
    const pdf = await viewer.get(`/fatture/${note.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${note.number.replaceAll('/', '-')}.pdf"`);
    expect((await viewer.get('/fatture/999999999/pdf')).statusCode).toBe(404);
    expect((await viewer.get(`/fatture/${note.id}/doc`)).statusCode).toBe(404);
    const { TestClient } = await import('../../web/test-client.ts');
    const anonymous = new TestClient(bo.app);
    expect((await anonymous.get(`/fatture/${note.id}/pdf`)).statusCode).toBe(303);
  });
});
