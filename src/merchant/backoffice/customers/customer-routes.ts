import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import { loadCustomerFile } from './customer-file.ts';
import { CustomerPage } from './customer-page.tsx';

/** `GET /clienti/:id`: the customer page, for every role (its actions are shown to the roles that may take them). */
export const customerRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get<{ Params: { id: string } }>('/clienti/:id', async (request, reply) => {
    operatorOf(request);
    const file = await loadCustomerFile(deps.db, request.params.id);
    if (!file) throw new AppError('not_found', `no customer ${request.params.id.slice(0, 20)}`);
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.customer.title', { name: file.customer.name }),
      children: CustomerPage({ request, file }),
    });
  });
};
