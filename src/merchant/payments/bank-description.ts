import type { Locale, Order } from '../../db/schema.ts';
import { productName } from '../catalog/product-names.ts';
import type { SubscriptionWithProduct } from '../subscriptions/subscription-repository.ts';

/** The bank's limit for a payment session's description. */
const MAX_LENGTH = 200;

/**
 * What the bank shows the customer as an order payment's description, in the customer's language (the bank prints
 * it as sent, beside its own words in the session's locale): "PEC — mario.rossi@pec.example.it - ORD-2026-000123",
 * or "Digital Signature — … " in English. The order's lines keep their Italian description: that is the invoice's
 * language, not the reader's.
 */
export function orderPaymentDescription(
  order: Pick<Order, 'number'>,
  service: SubscriptionWithProduct | undefined,
  locale: Locale,
): string {
  const text = service
    ? `${productName(service.product, locale)} — ${service.subscription.label} - ${order.number}`
    : order.number;
  return text.slice(0, MAX_LENGTH);
}
