import { type DocumentFormat, documentFile, sendDocumentFile } from '../../invoices/document-files.ts';
import { findDocumentById } from '../../invoices/fiscal-document-repository.ts';
import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { BACKOFFICE_INVOICES_PATH } from '../lists/invoices-list-page.tsx';
import { idOfPath } from '../lists/list-links.tsx';
import { operatorOf } from '../operator-guard.ts';

/** `GET /fatture/:id/pdf|xml`: any document's courtesy PDF or FatturaPA XML, for every role (reading only). */
export const invoiceFileRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get<{ Params: { id: string; format: string } }>(
    `${BACKOFFICE_INVOICES_PATH}/:id/:format`,
    async (request, reply) => {
      const operator = operatorOf(request);
      const { format } = request.params;
      const id = idOfPath(request.params.id);
      const row = id !== null && (format === 'pdf' || format === 'xml') ? await findDocumentById(deps.db, id) : null;
      if (!row)
        throw new AppError('not_found', `no fiscal document ${request.params.id.slice(0, 20)} (${format.slice(0, 5)})`);
      request.log.info({ operatorId: operator.id, documentId: row.id, format }, 'fiscal document downloaded');
      return sendDocumentFile(reply, await documentFile(row, format as DocumentFormat));
    },
  );
};
