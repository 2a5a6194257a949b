import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { type DocumentFormat, documentFile, sendDocumentFile } from '../invoices/document-files.ts';
import { findDocumentOfCustomer, listDocumentsOfCustomer } from '../invoices/fiscal-document-repository.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { INVOICES_PATH, InvoicesPage } from './invoices-views.tsx';

/** "Fatture": the list, and each document's PDF and XML — the customer's own only; anything else is not found. */
export function invoicesRoutes(deps: { db: Kysely<MerchantDatabase> }) {
  return async (app: FastifyInstance) => {
    app.get(INVOICES_PATH, async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(INVOICES_PATH)}`, 303);
      const rows = await listDocumentsOfCustomer(deps.db, customer.id);
      return sendPage(reply, InvoicesPage({ page: pageContext(request, 'app.area', '/logout'), rows }));
    });

    app.get(`${INVOICES_PATH}/:id/:format`, async (request, reply) => {
      const customer = request.customer;
      const { id, format } = request.params as { id: string; format: string };
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(INVOICES_PATH)}`, 303);
      const documentId = /^\d{1,15}$/u.test(id) ? Number(id) : null;
      const row =
        documentId !== null && (format === 'pdf' || format === 'xml')
          ? await findDocumentOfCustomer(deps.db, customer.id, documentId)
          : undefined;
      if (!row) throw new AppError('not_found', `fiscal document ${id} (${format}) is not the customer's`);
      request.log.info({ customerId: customer.id, documentId, format }, 'fiscal document downloaded');
      return sendDocumentFile(reply, await documentFile(row, format as DocumentFormat));
    });
  };
}
