import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import { fetchBankStatuses } from './order-bank-status.ts';
import { loadOrderFile } from './order-file.ts';
import { OrderPage } from './order-page.tsx';
import { authenticationsOf, orderTimeline } from './order-timeline.ts';

/** `GET /ordini/:number`: the order page, for every role (its actions are shown to the roles that may take them). */
export const orderRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get<{ Params: { number: string } }>('/ordini/:number', async (request, reply) => {
    operatorOf(request);
    const { number } = request.params;
    const file = number.length <= 40 ? await loadOrderFile(deps.db, number) : null;
    if (!file) throw new AppError('not_found', request.i18n.t('bo.order.notFound', { number: number.slice(0, 40) }));
    const bank = await fetchBankStatuses(deps.gateway, file);
    const timeline = orderTimeline(file, authenticationsOf(bank), request.i18n);
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.order.title', { number: file.order.number }),
      children: OrderPage({ request, file, bank, timeline }),
    });
  });
};
