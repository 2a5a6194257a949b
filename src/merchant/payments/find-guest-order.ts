import type { Kysely } from 'kysely';
import type { MerchantDatabase, Order, Product, Subscription } from '../../db/schema.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import { findOrderByNumberAndEmail } from './payment-read-model.ts';

/**
 * "Paga subito un ordine" is a guess of two secrets (an order number and the account's email), so it is slowed down
 * two ways before either is checked: per client address (one client trying many orders) and per order number (many
 * clients trying the emails of one order). The per-order limit can keep the real customer waiting a quarter of an
 * hour while someone guesses at their order; they can still log into Area Clienti and pay it there.
 */
export const GUEST_LOOKUP_LIMITS = {
  perAddress: { limit: 20, windowMs: 15 * 60_000 },
  perOrder: { limit: 5, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export type GuestOrderLookup =
  | { kind: 'found'; order: Order; subscription: Subscription; product: Product }
  /** A wrong number, a wrong email and another customer's order are one and the same answer. */
  | { kind: 'not_found' }
  /** Number and email match, but there is nothing to pay (only someone who knows both learns this). */
  | { kind: 'paid' }
  | { kind: 'cancelled' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/** The order a visitor who is not signed in may pay, if its number and the account's email both match. */
export async function findGuestOrder(
  deps: { db: Kysely<MerchantDatabase>; limiter: RateLimiter },
  input: { number: string; email: string; ip: string },
): Promise<GuestOrderLookup> {
  const byAddress = await deps.limiter.consume(`pay-guest:ip:${input.ip}`, GUEST_LOOKUP_LIMITS.perAddress);
  if (!byAddress.allowed) return { kind: 'rate_limited', retryAfterSeconds: byAddress.retryAfterSeconds };
  const byOrder = await deps.limiter.consume(`pay-guest:order:${input.number}`, GUEST_LOOKUP_LIMITS.perOrder);
  if (!byOrder.allowed) return { kind: 'rate_limited', retryAfterSeconds: byOrder.retryAfterSeconds };

  const found = await findOrderByNumberAndEmail(deps.db, input.number, input.email);
  if (!found) return { kind: 'not_found' };
  if (found.order.state === 'paid') return { kind: 'paid' };
  if (found.order.state === 'cancelled') return { kind: 'cancelled' };
  // A success is the moment to drop finished windows of these counters (their prefix, their longest window).
  await deps.limiter.prune('pay-guest:', GUEST_LOOKUP_LIMITS.perAddress);
  return { kind: 'found', ...found };
}
