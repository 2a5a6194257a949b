import { backofficeActionsIt } from './backoffice-actions-it.ts';
import { backofficeCoreIt } from './backoffice-core-it.ts';
import { backofficeCustomersIt } from './backoffice-customers-it.ts';
import { backofficeDashboardIt } from './backoffice-dashboard-it.ts';
import { backofficeListsIt } from './backoffice-lists-it.ts';
import { backofficeOperatorsIt } from './backoffice-operators-it.ts';
import { backofficeOrdersIt } from './backoffice-orders-it.ts';
import { backofficeSearchIt } from './backoffice-search-it.ts';

/**
 * The back office's Italian texts, one file per part so that the parts grow apart (keys are prefixed `bo.` by
 * part: `bo.dashboard.…`, `bo.lists.…`); merged into the one dictionary (messages-it.ts).
 */
export const backofficeIt = {
  ...backofficeCoreIt,
  ...backofficeActionsIt,
  ...backofficeDashboardIt,
  ...backofficeListsIt,
  ...backofficeOrdersIt,
  ...backofficeCustomersIt,
  ...backofficeOperatorsIt,
  ...backofficeSearchIt,
} as const;
