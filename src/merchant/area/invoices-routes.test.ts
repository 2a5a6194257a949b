import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiscalDocumentRow } from '../../db/schema.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { formatMoney } from '../../shared/money.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { validateFatturaPa } from '../invoices/fatturapa-validate.ts';
import { fatturaPaFileName } from '../invoices/fatturapa-xml.ts';
import { documentOf } from '../invoices/fiscal-document-repository.ts';
import { seedCreditNoteOfOrder, seedInvoiceOfOrder } from '../invoices/testing/seed-fiscal-documents.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('"Fatture" in Area Clienti on %s', (kind) => {
  let area: TestArea;
  let mario: TestClient;
  let giulia: TestClient;
  let invoice: FiscalDocumentRow;
  let older: FiscalDocumentRow;
  let note: FiscalDocumentRow;
  let giuliasInvoice: FiscalDocumentRow;

  const customerId = async (email: string) =>
    (await area.db.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const paidOrders = async (email: string) =>
    area.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', await customerId(email))
      .where('state', '=', 'paid')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.15.1.1');
    giulia = new TestClient(area.app, '10.15.1.2');
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
    // Giulia's first page comes before she has any invoice: the empty state.
    const [marioFirst, marioSecond] = await paidOrders(DEMO_MARIO.email);
    const [giuliaFirst] = await paidOrders(DEMO_GIULIA.email);
    if (!marioFirst || !marioSecond || !giuliaFirst) throw new Error('the demo has fewer paid orders than expected');
    older = await seedInvoiceOfOrder(area.db, {
      orderId: marioSecond.id,
      overrides: { issueDate: '2026-11-20' },
      sdiStatus: 'delivered',
      needsBillingData: true,
    });
    invoice = await seedInvoiceOfOrder(area.db, { orderId: marioFirst.id, sdiStatus: 'rejected' });
    note = await seedCreditNoteOfOrder(area.db, { orderId: marioFirst.id, invoice, sdiStatus: 'sent' });
    giuliasInvoice = await seedInvoiceOfOrder(area.db, { orderId: giuliaFirst.id });
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  }, 120_000);
  afterAll(() => area?.close());

  it('is linked from the header as "Fatture" and asks for a login first', async () => {
    const home = await mario.get('/');
    expect(home.body).toMatch(/<a class="header-link" href="\/fatture"[^>]*>\s*Fatture\s*<\/a>/u);
    const anonymous = new TestClient(area.app, '10.15.1.3');
    const page = await anonymous.get('/fatture');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Ffatture');
    expect((await anonymous.get(`/fatture/${invoice.id}/pdf`)).statusCode).toBe(303);
  });

  it("lists the customer's own documents newest first, in words, with PDF and XML links", async () => {
    const page = await mario.get('/fatture');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-current="page"');
    const rows = [...page.body.matchAll(/<tr>([\s\S]*?)<\/tr>/gu)]
      .slice(1)
      .map((m) => pageText(m[1] ?? '').replace(/\s/gu, ' '));
    const noteDoc = documentOf(note);
    expect(rows).toEqual([
      `${note.number} 10/12/2026 Nota di credito della fattura ${invoice.number} ${noteDoc.orderNumber} ${formatted(note)} Inviata PDF XML`,
      `${invoice.number} 03/12/2026 Fattura ${documentOf(invoice).orderNumber} ${formatted(invoice)} Scartata PDF XML`,
      `${older.number} 20/11/2026 Fattura ${documentOf(older).orderNumber} ${formatted(older)} Consegnata PDF XML`,
    ]);
    expect(page.body).not.toContain(giuliasInvoice.number);
    expect(page.body).toContain(
      `href="/fatture/${invoice.id}/pdf" aria-label="copia PDF della fattura ${invoice.number}"`,
    );
    expect(page.body).toContain(
      `href="/fatture/${invoice.id}/xml" aria-label="file XML della fattura ${invoice.number}"`,
    );
    // One of them was made out without billing data: the notice links the page that fixes it.
    expect(pageText(page.body)).toContain('mancavano i dati di fatturazione');
    expect(page.body).toContain('<a href="/dati-fatturazione">Dati di fatturazione</a>');
    // One was discarded by the SdI: the customer is told why it usually happens and what comes next.
    expect(pageText(page.body)).toContain('Il Sistema di Interscambio ha scartato un documento');
    expect(pageText(page.body)).toContain('il servizio clienti lo invia di nuovo con lo stesso numero');
  });

  it('in English, and with an empty state that says what will appear', async () => {
    const empty = await giulia.get('/fatture');
    expect(pageText(empty.body)).toContain(giuliasInvoice.number);
    expect(pageText(empty.body)).toContain('Pending');
    expect(pageText(empty.body)).not.toContain('billing details were missing');
    expect(pageText(empty.body)).not.toContain('rejected a document');
    await area.db.deleteFrom('fiscal_documents').where('id', '=', giuliasInvoice.id).execute();
    const page = await giulia.get('/fatture');
    expect(pageText(page.body)).toContain('You have no invoices yet. The invoice of every paid order');
    expect(page.body).not.toContain('<table');
  });

  it('serves the PDF and the XML of its own documents, named after them', async () => {
    const pdf = await mario.get(`/fatture/${invoice.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="${invoice.number.replaceAll('/', '-')}.pdf"`,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xml = await mario.get(`/fatture/${note.id}/xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/u);
    expect(xml.headers['content-disposition']).toBe(`attachment; filename="${fatturaPaFileName(documentOf(note))}"`);
    expect(xml.body).toContain(`<Numero>${note.number}</Numero>`);
    expect(xml.body).toContain('<TipoDocumento>TD04</TipoDocumento>');
    expect(await validateFatturaPa(xml.body)).toEqual({ valid: true });
  });

  it("answers 404 for another customer's document, an unknown id and an unknown format", async () => {
    const [other] = await paidOrders(DEMO_GIULIA.email);
    const giulias = await seedInvoiceOfOrder(area.db, { orderId: other?.id ?? 0 });
    for (const url of [
      `/fatture/${giulias.id}/pdf`,
      `/fatture/${giulias.id}/xml`,
      '/fatture/999999999/pdf',
      '/fatture/abc/xml',
      `/fatture/${invoice.id}/txt`,
    ]) {
      const response = await mario.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('%PDF');
    }
    expect((await giulia.get(`/fatture/${invoice.id}/pdf`)).statusCode).toBe(404);
    expect((await giulia.get(`/fatture/${giulias.id}/xml`)).statusCode).toBe(200);
  });
});

function formatted(row: FiscalDocumentRow): string {
  return formatMoney(row.total_cents, 'it').replace(/\s/gu, ' ');
}
