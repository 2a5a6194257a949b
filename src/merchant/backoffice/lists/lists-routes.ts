import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { auditListRoutes } from './audit-list-page.tsx';
import { emailsListRoutes } from './emails-list-page.tsx';
import { invoicesListRoutes } from './invoices-list-page.tsx';
import { jobsListRoutes } from './jobs-list-page.tsx';
import { ordersListRoutes } from './orders-list-page.tsx';
import { paymentsListRoutes } from './payments-list-page.tsx';
import { refundsListRoutes } from './refunds-list-page.tsx';
import { renewalsListRoutes } from './renewals-list-page.tsx';
import { deliveriesListRoutes } from './webhook-deliveries-list-page.tsx';

const LISTS = [
  ordersListRoutes,
  paymentsListRoutes,
  refundsListRoutes,
  invoicesListRoutes,
  renewalsListRoutes,
  emailsListRoutes,
  auditListRoutes,
  jobsListRoutes,
  deliveriesListRoutes,
] as const;

/** The back office's lists (issue 12, point 7): each a list-definition served by list-routes.ts. */
export const listsRoutes: BackofficeRoutes = (deps) => async (app) => {
  for (const routes of LISTS) await app.register(routes(deps));
};
