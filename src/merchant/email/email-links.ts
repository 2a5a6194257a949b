import type { EmailSettings } from './email-content.ts';

/** The order's page in Area Clienti (the customer logs in first if needed). */
export function areaOrderUrl(settings: EmailSettings, orderNumber: string): string {
  return `${settings.urls.area}/orders/${encodeURIComponent(orderNumber)}`;
}

export function areaServiceUrl(settings: EmailSettings, subscriptionId: number): string {
  return `${settings.urls.area}/services/${subscriptionId}`;
}

/** "Paga": Pagamenti's start page for one order, the same link as the "Paga" button in Area Clienti. */
export function payOrderUrl(settings: EmailSettings, orderNumber: string): string {
  return `${settings.urls.pay}/start?order=${encodeURIComponent(orderNumber)}`;
}
