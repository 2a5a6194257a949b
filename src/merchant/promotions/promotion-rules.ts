import type { Order, OrderLine, Promotion } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { percentOfCents } from '../../shared/money.ts';

/**
 * The rules of a promotion, in one place: what a code looks like, when a promotion is valid, which orders it is for
 * and how much it takes off each line. Pure functions: the use cases read the rows and call these.
 */

/** A code as stored: upper-case letters, digits, '-' and '_', 3 to 32 characters, starting with a letter or digit. */
export const PROMOTION_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** What the customer typed, as codes are compared: trimmed, upper-case (codes are case-insensitive). */
export function normalizeCode(typed: string): string {
  return typed.trim().toUpperCase();
}

/** The last business day a promotion is valid: the end of its window, or the day an operator ended it, if earlier. */
export function lastValidDay(promotion: Pick<Promotion, 'valid_until' | 'ended_at'>, timeZone: string): string {
  if (!promotion.ended_at) return promotion.valid_until;
  const ended = businessDate(promotion.ended_at, timeZone);
  // 'YYYY-MM-DD' strings: the earlier day is the smaller string.
  if (ended < promotion.valid_until) return ended;
  return promotion.valid_until;
}

export type PromotionStanding =
  | { kind: 'valid' }
  | { kind: 'not_yet_valid'; startsOn: string }
  | { kind: 'expired'; endedOn: string };

/** Whether the promotion is valid at `now`: on a business day of its window, and not ended by an operator. */
export function standingAt(
  promotion: Pick<Promotion, 'valid_from' | 'valid_until' | 'ended_at'>,
  now: Date,
  timeZone: string,
): PromotionStanding {
  const today = businessDate(now, timeZone);
  if (promotion.ended_at && promotion.ended_at.getTime() <= now.getTime()) {
    return { kind: 'expired', endedOn: lastValidDay(promotion, timeZone) };
  }
  if (today > promotion.valid_until) return { kind: 'expired', endedOn: promotion.valid_until };
  if (today < promotion.valid_from) return { kind: 'not_yet_valid', startsOn: promotion.valid_from };
  return { kind: 'valid' };
}

type PricedLine = Pick<OrderLine, 'product_code' | 'quantity' | 'unit_price_cents'>;

export type LineDiscounts =
  /** Cents off each line's gross, in the lines' order (0 for a line the promotion is not for). */
  { ok: true; discounts: number[] } | { ok: false; reason: 'wrong_product' | 'purchase_only' | 'renewal_only' };

/**
 * What the promotion takes off an order: a percentage of each line of its product (rounded half-up to the cent), or
 * a fixed amount off those lines in their order, never more than a line is worth. Refused when the order is not the
 * kind the promotion is for, or has no line of its product.
 */
export function lineDiscounts(
  promotion: Pick<Promotion, 'product_code' | 'discount_kind' | 'percent_bp' | 'amount_cents' | 'applies_to'>,
  order: Pick<Order, 'kind'>,
  lines: readonly PricedLine[],
): LineDiscounts {
  if (promotion.applies_to !== 'both' && promotion.applies_to !== order.kind) {
    return { ok: false, reason: promotion.applies_to === 'purchase' ? 'purchase_only' : 'renewal_only' };
  }
  const applies = lines.map((line) => promotion.product_code === null || line.product_code === promotion.product_code);
  if (!applies.includes(true)) return { ok: false, reason: 'wrong_product' };
  let left = promotion.amount_cents ?? 0;
  const discounts = lines.map((line, index) => {
    if (!applies[index]) return 0;
    const gross = line.quantity * line.unit_price_cents;
    if (promotion.discount_kind === 'percent') return percentOfCents(gross, promotion.percent_bp ?? 0);
    const off = Math.min(left, gross);
    left -= off;
    return off;
  });
  return { ok: true, discounts };
}
