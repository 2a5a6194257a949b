/**
 * Where "Paga" leads: Pagamenti's start page for one order. The one place to change when the signed one-time
 * hand-off to Pagamenti arrives (a later issue); until then Pagamenti asks the customer to identify themselves.
 */
export function payOrderUrl(payBaseUrl: string, orderNumber: string): string {
  return `${payBaseUrl}/start?order=${encodeURIComponent(orderNumber)}`;
}
