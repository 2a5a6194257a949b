import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { FiscalDocumentRow, MerchantDatabase, SdiStatus } from '../../../db/schema.ts';
import { insertNumberedDocument } from '../fiscal-document-repository.ts';
import type { FiscalDocument } from '../invoice-document.ts';
import { creditNote, personInvoice } from './fiscal-document-fixtures.ts';

/**
 * Test support: a customer's invoice of one of their orders and, optionally, the credit note of a refund of it, stored
 * the way issuing stores them (numbered by the counter), for the pages and the API that list and serve them.
 */
export async function seedInvoiceOfOrder(
  db: Kysely<MerchantDatabase>,
  input: {
    orderId: number;
    overrides?: Partial<FiscalDocument>;
    needsBillingData?: boolean;
    sdiStatus?: SdiStatus;
    at?: Date;
  },
): Promise<FiscalDocumentRow> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', input.orderId).executeTakeFirstOrThrow();
  const document = personInvoice({
    orderNumber: order.number,
    netCents: order.net_cents,
    vatCents: order.vat_cents,
    totalCents: order.total_cents,
    ...input.overrides,
  });
  return store(db, document, { ...input, customerId: order.customer_id, refundId: null });
}

/** The credit note of a refund of the order (a refund row on one of its attempts, made here). */
export async function seedCreditNoteOfOrder(
  db: Kysely<MerchantDatabase>,
  input: { orderId: number; invoice: FiscalDocumentRow; sdiStatus?: SdiStatus; at?: Date },
): Promise<FiscalDocumentRow> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', input.orderId).executeTakeFirstOrThrow();
  // The demo's paid orders have no attempts of their own: a refund needs one, so it is made here.
  const attempt =
    (await db.selectFrom('payment_attempts').select('id').where('order_id', '=', order.id).executeTakeFirst()) ??
    (
      await sql<{ id: number }>`
        insert into payment_attempts (public_id, order_id, customer_id, request_key, status, amount_cents, currency,
          created_at, updated_at)
        values (${`pa_${randomBytes(16).toString('hex')}`}, ${order.id}, ${order.customer_id},
          ${randomBytes(16).toString('hex')}, 'created', ${order.total_cents}, 'EUR', ${order.created_at},
          ${order.created_at})
        returning id`.execute(db)
    ).rows[0];
  if (!attempt) throw new Error('no attempt was made');
  const at = input.at ?? new Date('2026-12-10T10:00:00Z');
  const refund = await db
    .insertInto('refunds')
    .values({
      attempt_id: attempt.id,
      order_id: order.id,
      amount_cents: order.total_cents,
      currency: 'EUR',
      reason: 'test',
      status: 'succeeded',
      idempotency_key: `seed-${order.id}-${at.getTime()}`,
      requested_by: 'operator:1',
      bank_refund_id: `re_seed_${order.id}`,
      failure_reason: null,
      created_at: at,
      completed_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const document = creditNote({
    orderNumber: order.number,
    netCents: order.net_cents,
    vatCents: order.vat_cents,
    totalCents: order.total_cents,
    relatedInvoice: { number: input.invoice.number, issueDate: input.invoice.issue_date },
  });
  return store(db, document, { ...input, customerId: order.customer_id, refundId: refund.id });
}

async function store(
  db: Kysely<MerchantDatabase>,
  document: FiscalDocument,
  input: {
    orderId: number;
    customerId: number;
    refundId: number | null;
    needsBillingData?: boolean;
    sdiStatus?: SdiStatus;
    at?: Date;
  },
): Promise<FiscalDocumentRow> {
  const { number: _number, transmissionId: _transmissionId, ...unnumbered } = document;
  const issued = await db.transaction().execute((trx) =>
    insertNumberedDocument(trx, {
      document: unnumbered,
      year: Number(document.issueDate.slice(0, 4)),
      orderId: input.orderId,
      refundId: input.refundId,
      customerId: input.customerId,
      needsBillingData: input.needsBillingData ?? false,
      at: input.at ?? new Date(`${document.issueDate}T10:00:00Z`),
    }),
  );
  if (!input.sdiStatus || input.sdiStatus === 'pending') return issued.row;
  return db
    .updateTable('fiscal_documents')
    .set({ sdi_status: input.sdiStatus })
    .where('id', '=', issued.row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
