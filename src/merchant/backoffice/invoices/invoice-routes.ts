import { loadDocumentHistory } from '../../invoices/transmission-history.ts';
import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { BACKOFFICE_INVOICES_PATH } from '../lists/invoices-list-page.tsx';
import { idOfPath } from '../lists/list-links.tsx';
import { operatorOf } from '../operator-guard.ts';
import { InvoicePage } from './invoice-page.tsx';

/** `GET /fatture/:id`: one document with its transmissions and the SdI's notifications, for every role. */
export const invoiceRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get<{ Params: { id: string } }>(`${BACKOFFICE_INVOICES_PATH}/:id`, async (request, reply) => {
    operatorOf(request);
    const id = idOfPath(request.params.id);
    const history = id === null ? null : await loadDocumentHistory(deps.db, id);
    if (!history) throw new AppError('not_found', `no fiscal document ${request.params.id.slice(0, 20)}`);
    const { t } = request.i18n;
    return sendBackofficePage(request, reply, {
      title: t('bo.invoice.title', {
        kind: t(`invoice.kind.${history.document.kind}`),
        number: history.document.number,
      }),
      children: InvoicePage({ request, history }),
    });
  });
};
