import { z } from 'zod';
import type { FiscalDocumentRow } from '../../db/schema.ts';
import { type DocumentFormat, documentFile, sendDocumentFile } from '../invoices/document-files.ts';
import { fatturaPaFileName } from '../invoices/fatturapa-xml.ts';
import { documentOf, filteredDocumentsQuery, findDocumentById } from '../invoices/fiscal-document-repository.ts';
import { publicId } from '../public/public-ids.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { filterId, idParams, rowIdOr404 } from './api-ids.ts';
import { cursorId, listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';

const tags = ['invoices'];
const cents = z.number().int();
const day = z.iso.date();

const invoiceSchema = z
  .object({
    id: z.string().describe('inv_…'),
    object: z.literal('invoice'),
    kind: z.enum(['invoice', 'credit_note']),
    number: z.string().describe('YYYY/A/NNNNNN (invoice) or YYYY/NC/NNNNNN (credit note)'),
    issue_date: z.string().describe('YYYY-MM-DD, Europe/Rome'),
    customer: z.string(),
    order: z.string(),
    order_number: z.string(),
    refund: z.string().nullable().describe('re_…, for a credit note'),
    corrects: z
      .object({ number: z.string(), issue_date: z.string() })
      .nullable()
      .describe('for a credit note: the invoice it corrects'),
    currency: z.string(),
    net_cents: cents,
    vat_cents: cents,
    total_cents: cents,
    sdi_status: z.enum(['pending', 'sent', 'delivered', 'rejected']),
    needs_billing_data: z.boolean().describe('made out without the customer’s billing details'),
    file_name: z.string().describe('the FatturaPA file name, as sent to the SdI'),
    created_at: z.string(),
  })
  .meta({ id: 'Invoice', description: 'An invoice (TD01) or a credit note (TD04) sent to the SdI.' });

function resource(row: FiscalDocumentRow): z.infer<typeof invoiceSchema> {
  const doc = documentOf(row);
  return {
    id: publicId('invoice', row.id),
    object: 'invoice',
    kind: row.kind,
    number: row.number,
    issue_date: row.issue_date,
    customer: publicId('customer', row.customer_id),
    order: publicId('order', row.order_id),
    order_number: doc.orderNumber,
    refund: row.refund_id === null ? null : publicId('refund', row.refund_id),
    corrects: doc.relatedInvoice
      ? { number: doc.relatedInvoice.number, issue_date: doc.relatedInvoice.issueDate }
      : null,
    currency: doc.currency,
    net_cents: doc.netCents,
    vat_cents: doc.vatCents,
    total_cents: doc.totalCents,
    sdi_status: row.sdi_status,
    needs_billing_data: row.needs_billing_data,
    file_name: fatturaPaFileName(doc),
    created_at: row.created_at.toISOString(),
  };
}

/** Invoices and credit notes (issue 15): read only — Cassa issues them itself with every payment and refund. */
export const invoiceRoutes: ApiRoutes = (app, deps) => {
  const rowOr404 = async (id: string) => {
    const row = await findDocumentById(deps.db, rowIdOr404('invoice', id, 'invoice_not_found'));
    if (!row) throw new ApiError('invoice_not_found');
    return row;
  };

  app.get(
    '/invoices',
    {
      schema: {
        tags,
        summary: 'List invoices and credit notes, by customer, issue date and kind',
        description: `${PAGINATION_DESCRIPTION} \`issued_from\` and \`issued_to\` are issue dates, both inclusive.`,
        querystring: z.object({
          ...pageQuery,
          customer: z.string().optional().describe('cus_…'),
          kind: z.enum(['invoice', 'credit_note']).optional(),
          issued_from: day.optional(),
          issued_to: day.optional(),
        }),
        response: { 200: listSchema(invoiceSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, customer, kind, issued_from, issued_to } = request.query;
      let query = filteredDocumentsQuery(deps.db, {
        customerId: filterId('customer', 'customer', customer),
        kind,
        issuedFrom: issued_from,
        issuedTo: issued_to,
      });
      const beforeId = cursorId('invoice', starting_after);
      if (beforeId !== undefined) query = query.where('id', '<', beforeId);
      return toPage(await query.limit(limit + 1).execute(), limit, resource);
    },
  );

  app.get(
    '/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Get an invoice or a credit note',
        params: idParams,
        response: { 200: invoiceSchema, 404: problemSchema },
      },
    },
    async (request) => resource(await rowOr404(request.params.id)),
  );

  for (const format of ['xml', 'pdf'] as const satisfies readonly DocumentFormat[]) {
    app.get(
      `/invoices/:id/${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'xml'
              ? 'Download the FatturaPA XML of an invoice or credit note'
              : 'Download the courtesy PDF of an invoice or credit note',
          params: idParams,
          produces: [format === 'xml' ? 'application/xml' : 'application/pdf'],
          response: {
            200: z.string().describe(format === 'xml' ? 'the FatturaPA file' : 'the PDF'),
            404: problemSchema,
          },
        },
      },
      async (request, reply) => sendDocumentFile(reply, await documentFile(await rowOr404(request.params.id), format)),
    );
  }
};
