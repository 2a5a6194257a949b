import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { FiscalDocumentRow, MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { validateFatturaPa } from '../invoices/fatturapa-validate.ts';
import { fatturaPaFileName } from '../invoices/fatturapa-xml.ts';
import { documentOf } from '../invoices/fiscal-document-repository.ts';
import { seedCreditNoteOfOrder, seedInvoiceOfOrder } from '../invoices/testing/seed-fiscal-documents.ts';
import { createOrder } from '../orders/create-order.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('invoices in the API on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  let customerId: number;
  let otherCustomerId: number;
  let november: FiscalDocumentRow;
  let december: FiscalDocumentRow;
  let note: FiscalDocumentRow;
  let others: FiscalDocumentRow;
  const clock = new ManualClock('2026-12-03T10:00:00Z');

  const orderOf = async (customer: { customerId: number; subscription: { id: number } }) =>
    createOrder(
      database.db,
      { customerId: customer.customerId, subscriptionId: customer.subscription.id, kind: 'purchase', periodYears: 1 },
      { clock, timeZone: 'Europe/Rome' },
    );

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
    key = await testApiKey(database.db);
    const customer = await customerWithService(database.db);
    const other = await customerWithService(database.db);
    customerId = customer.customerId;
    otherCustomerId = other.customerId;
    november = await seedInvoiceOfOrder(database.db, {
      orderId: (await orderOf(customer)).id,
      overrides: { issueDate: '2026-11-30' },
    });
    const order = await orderOf(customer);
    december = await seedInvoiceOfOrder(database.db, { orderId: order.id, sdiStatus: 'delivered' });
    note = await seedCreditNoteOfOrder(database.db, { orderId: order.id, invoice: december });
    others = await seedInvoiceOfOrder(database.db, { orderId: (await orderOf(other)).id });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (url: string, bearer = key) => app.inject({ url, headers: { authorization: `Bearer ${bearer}` } });
  const ids = (body: { data: { id: string }[] }) => body.data.map((item) => item.id);

  it('lists by customer, newest first, a page at a time', async () => {
    const first = await get(`/api/v1/invoices?customer=cus_${customerId}&limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ object: 'list', has_more: true });
    expect(ids(first.json())).toEqual([`inv_${note.id}`, `inv_${december.id}`]);
    const next = await get(`/api/v1/invoices?customer=cus_${customerId}&limit=2&starting_after=inv_${december.id}`);
    expect(next.json()).toMatchObject({ has_more: false });
    expect(ids(next.json())).toEqual([`inv_${november.id}`]);
    const other = await get(`/api/v1/invoices?customer=cus_${otherCustomerId}`);
    expect(ids(other.json())).toEqual([`inv_${others.id}`]);
  });

  it('filters by kind and by issue dates, both inclusive', async () => {
    const notes = await get(`/api/v1/invoices?customer=cus_${customerId}&kind=credit_note`);
    expect(ids(notes.json())).toEqual([`inv_${note.id}`]);
    const nov = await get(`/api/v1/invoices?customer=cus_${customerId}&issued_from=2026-11-01&issued_to=2026-11-30`);
    expect(ids(nov.json())).toEqual([`inv_${november.id}`]);
    const day = await get(`/api/v1/invoices?customer=cus_${customerId}&issued_from=2026-12-03&issued_to=2026-12-03`);
    expect(ids(day.json())).toEqual([`inv_${december.id}`]);
    expect((await get('/api/v1/invoices?customer=ord_1')).statusCode).toBe(400);
    expect((await get('/api/v1/invoices?issued_from=30/11/2026')).statusCode).toBe(400);
  });

  it('gets one, with the invoice a credit note corrects', async () => {
    const response = await get(`/api/v1/invoices/inv_${note.id}`);
    expect(response.statusCode).toBe(200);
    const doc = documentOf(note);
    expect(response.json()).toEqual({
      id: `inv_${note.id}`,
      object: 'invoice',
      kind: 'credit_note',
      number: note.number,
      issue_date: '2026-12-10',
      customer: `cus_${customerId}`,
      order: `ord_${note.order_id}`,
      order_number: doc.orderNumber,
      refund: `re_${note.refund_id}`,
      corrects: { number: december.number, issue_date: '2026-12-03' },
      currency: 'EUR',
      net_cents: doc.netCents,
      vat_cents: doc.vatCents,
      total_cents: doc.totalCents,
      sdi_status: 'pending',
      needs_billing_data: false,
      file_name: fatturaPaFileName(doc),
      created_at: note.created_at.toISOString(),
    });
    for (const id of ['inv_999999999', 'ord_1', 'nope']) {
      const missing = await get(`/api/v1/invoices/${id}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('invoice_not_found');
    }
  });

  it('downloads the XML and the PDF; an unknown id is a 404', async () => {
    const xml = await get(`/api/v1/invoices/inv_${december.id}/xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/u);
    expect(xml.headers['content-disposition']).toBe(
      `attachment; filename="${fatturaPaFileName(documentOf(december))}"`,
    );
    expect(await validateFatturaPa(xml.body)).toEqual({ valid: true });
    const pdf = await get(`/api/v1/invoices/inv_${december.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get('/api/v1/invoices/inv_999999999/pdf')).statusCode).toBe(404);
  });

  it('asks for an API key, as every endpoint does', async () => {
    expect((await get('/api/v1/invoices', 'wrong')).statusCode).toBe(401);
    expect((await get(`/api/v1/invoices/inv_${december.id}/xml`, 'wrong')).statusCode).toBe(401);
  });
});
