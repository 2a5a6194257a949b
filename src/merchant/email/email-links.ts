import type { EmailSettings } from './email-content.ts';

/** The order's page in Area Clienti (the customer logs in first if needed). */
export function areaOrderUrl(settings: EmailSettings, orderNumber: string): string {
  return `${settings.urls.area}/orders/${encodeURIComponent(orderNumber)}`;
}

/** Area Clienti's "Fatture": the customer's invoices and credit notes, with their PDF and XML. */
export function areaInvoicesUrl(settings: EmailSettings): string {
  return `${settings.urls.area}/fatture`;
}

export function areaServiceUrl(settings: EmailSettings, subscriptionId: number): string {
  return `${settings.urls.area}/services/${subscriptionId}`;
}

/**
 * "Paga": the same link as the "Paga" button in Area Clienti, which hands the signed-in customer over to Pagamenti
 * for this order (after logging in, if needed). Pagamenti itself is entered only through that signed hand-off.
 */
export function payOrderUrl(settings: EmailSettings, orderNumber: string): string {
  return `${settings.urls.area}/paga/${encodeURIComponent(orderNumber)}`;
}

/** "Scegli una nuova password": Area Clienti's new-password form for a reset token (see area/password-reset-routes.ts). */
export function passwordResetUrl(settings: EmailSettings, token: string): string {
  return `${settings.urls.area}/nuova-password?token=${encodeURIComponent(token)}`;
}
