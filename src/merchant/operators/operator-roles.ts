import type { OperatorRole } from '../../db/schema.ts';

/** The roles, least to most powerful: each can do everything the ones before it can. */
export const OPERATOR_ROLES = ['viewer', 'support', 'admin'] as const satisfies readonly OperatorRole[];

/**
 * What each back-office action needs, in one table: the buttons a page shows and the server's refusal both read it,
 * so a hidden button and a refused POST can never disagree. Reading is `viewer`.
 */
export const ACTION_ROLES = {
  read: 'viewer',
  resend_email: 'support',
  retry_email: 'support',
  cancel_order: 'support',
  auto_renew_off: 'support',
  reconcile_attempt: 'support',
  send_payment_link: 'support',
  sign_out_customer: 'support',
  retransmit_invoice: 'support',
  refund: 'admin',
  manage_promotions: 'admin',
  manage_operators: 'admin',
  manage_api_keys: 'admin',
  manage_webhook_endpoints: 'admin',
} as const satisfies Record<string, OperatorRole>;

export type OperatorAction = keyof typeof ACTION_ROLES;

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}

export function can(role: OperatorRole, action: OperatorAction): boolean {
  return OPERATOR_ROLES.indexOf(role) >= OPERATOR_ROLES.indexOf(ACTION_ROLES[action]);
}
