import type { Kysely } from 'kysely';
import type { Customer, MerchantDatabase, SupportTopic } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { findOrderOfCustomer } from '../orders/order-repository.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import { insertSupportRequest } from './support-request-repository.ts';

/**
 * "Contatta i nostri esperti" is a person's message, not a bulk channel: a few per hour per customer, and per client
 * address across customers (one client with many accounts).
 */
export const CONTACT_LIMITS = {
  perCustomer: { limit: 5, windowMs: 60 * 60_000 },
  perIp: { limit: 20, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export interface SupportRequestInput {
  customer: Customer;
  ip: string;
  topic: SupportTopic;
  message: string;
  /** An order number the customer picked, or null for none. */
  orderNumber: string | null;
}

export type SupportRequestResult =
  | { kind: 'sent'; requestId: number }
  /** The order is not one of the customer's (or does not exist): answered alike. */
  | { kind: 'unknown_order' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

export interface SupportDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  limiter: RateLimiter;
  /** config.mail.supportEmail (SUPPORT_EMAIL): where requests go. */
  supportEmail: string;
}

/**
 * Stores a support request and, in the same transaction, writes two emails to the outbox: the request to the
 * provider's support address (in Italian, the provider's language) and a confirmation to the customer in theirs.
 */
export async function submitSupportRequest(
  deps: SupportDeps,
  input: SupportRequestInput,
): Promise<SupportRequestResult> {
  const order = input.orderNumber ? await findOrderOfCustomer(deps.db, input.customer.id, input.orderNumber) : null;
  if (input.orderNumber && !order) return { kind: 'unknown_order' };

  for (const [bucket, rule] of [
    [`contact:customer:${input.customer.id}`, CONTACT_LIMITS.perCustomer],
    [`contact:ip:${input.ip}`, CONTACT_LIMITS.perIp],
  ] as const) {
    const decision = await deps.limiter.consume(bucket, rule);
    if (!decision.allowed) return { kind: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
  }

  const at = deps.clock.now();
  const message = input.message.trim();
  const orderNumber = order?.order.number ?? null;
  const requestId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertSupportRequest(trx, {
      customerId: input.customer.id,
      topic: input.topic,
      message,
      orderId: order?.order.id ?? null,
      at,
    });
    await enqueueEmail(trx, {
      dedupeKey: `support_request:${id}:support`,
      customerId: null,
      to: deps.supportEmail,
      locale: 'it',
      template: 'support_request',
      data: {
        requestId: id,
        topic: input.topic,
        message,
        orderNumber,
        customerName: input.customer.name,
        customerEmail: input.customer.email,
        sentAt: at.toISOString(),
      },
      at,
    });
    await enqueueEmail(trx, {
      dedupeKey: `support_request:${id}:customer`,
      customerId: input.customer.id,
      to: input.customer.email,
      locale: input.customer.locale,
      template: 'support_request_received',
      data: { requestId: id, topic: input.topic, message, orderNumber },
      at,
    });
    return id;
  });
  await deps.limiter.prune('contact:', CONTACT_LIMITS.perCustomer);
  return { kind: 'sent', requestId };
}
