/**
 * Every event Cassa tells the provider's systems of (REST `GET /api/v1/events`, webhooks). Adding one here is the
 * whole of declaring it; docs/api.md lists what each carries.
 */
export const EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.cancelled',
  'payment.failed',
  'payment.refunded',
  'renewal.succeeded',
  'renewal.failed',
  'auto_renew.enabled',
  'auto_renew.disabled',
  'card.saved',
  'card.removed',
  'card.expiring',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
