import { z } from 'zod';
import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import { type DashboardDays, loadDashboard } from './dashboard-figures.ts';
import { DashboardPage } from './dashboard-views.tsx';

const DashboardQuery = z.object({ days: z.enum(['30', '90']).default('30').transform(Number) });

/** `GET /`: the dashboard, over the last 30 days or, with `?days=90`, the last 90 (business days, today included). */
export const dashboardRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get('/', async (request, reply) => {
    operatorOf(request);
    const query = DashboardQuery.safeParse(request.query);
    if (!query.success) throw new AppError('bad_request', 'days must be 30 or 90');
    const figures = await loadDashboard(deps.db, {
      now: deps.clock.now(),
      timeZone: deps.config.businessTimeZone,
      days: query.data.days as DashboardDays,
    });
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.dashboard.title'),
      children: DashboardPage({ i18n: request.i18n, figures }),
    });
  });
};
