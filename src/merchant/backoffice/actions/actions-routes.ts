import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { autoRenewOff } from '../customers/auto-renew-off.ts';
import { signOutEverywhere } from '../customers/sign-out-everywhere.ts';
import { resendEmail } from '../emails/resend-email.ts';
import { retryEmail } from '../emails/retry-email.ts';
import { retransmitInvoice } from '../invoices/retransmit-invoice.ts';
import { changeOperatorRole, disableOperator, enableOperator } from '../operators/operator-actions.tsx';
import { cancelOrder } from '../orders/cancel-order-action.ts';
import { reconcilePayment } from '../orders/reconcile-attempt-action.ts';
import { refundOrder } from '../orders/refund-order.ts';
import { sendPaymentLink } from '../orders/send-payment-link.ts';
import type { AnyBackofficeAction } from './action-definition.ts';
import { actionRoutes } from './action-routes.ts';

/** Every operator action (issue 12, point 5), each served by action-routes.ts: add a new one here. */
export const BACKOFFICE_ACTIONS: readonly AnyBackofficeAction[] = [
  signOutEverywhere,
  refundOrder,
  resendEmail,
  retryEmail,
  autoRenewOff,
  cancelOrder,
  sendPaymentLink,
  reconcilePayment,
  changeOperatorRole,
  disableOperator,
  enableOperator,
  retransmitInvoice,
];

export const actionsRoutes: BackofficeRoutes = (deps) => actionRoutes(deps, BACKOFFICE_ACTIONS);
