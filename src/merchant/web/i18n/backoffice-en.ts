import { backofficeActionsEn } from './backoffice-actions-en.ts';
import { backofficeCoreEn } from './backoffice-core-en.ts';
import { backofficeCustomersEn } from './backoffice-customers-en.ts';
import { backofficeDashboardEn } from './backoffice-dashboard-en.ts';
import { backofficeListsEn } from './backoffice-lists-en.ts';
import { backofficeOperatorsEn } from './backoffice-operators-en.ts';
import { backofficeOrdersEn } from './backoffice-orders-en.ts';
import { backofficeSearchEn } from './backoffice-search-en.ts';

/** The back office's English texts (see backoffice-it.ts). */
export const backofficeEn = {
  ...backofficeCoreEn,
  ...backofficeActionsEn,
  ...backofficeDashboardEn,
  ...backofficeListsEn,
  ...backofficeOrdersEn,
  ...backofficeCustomersEn,
  ...backofficeOperatorsEn,
  ...backofficeSearchEn,
};
