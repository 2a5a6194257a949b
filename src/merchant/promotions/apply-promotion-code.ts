import type { Kysely } from 'kysely';
import type { MerchantDatabase, Order, Promotion } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { discountedLineAmounts, formatMoney, sumAmounts } from '../../shared/money.ts';
import { findOpenAttemptOfOrder } from '../payments/attempt-repository.ts';
import { readOrderLines, writeOrderDiscount } from './order-discount-repository.ts';
import { findPromotionByCode, findPromotionById } from './promotion-repository.ts';
import { lineDiscounts, normalizeCode, PROMOTION_CODE_PATTERN, standingAt } from './promotion-rules.ts';

export interface ApplyPromotionDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  timeZone: string;
}

export interface ApplyPromotionCode {
  customerId: number;
  orderNumber: string;
  /** As typed: compared trimmed and upper-case. */
  code: string;
}

/** Why a code was refused: each one its own message for the customer. */
export type ApplyRefusal =
  | { reason: 'unknown_order' }
  | { reason: 'not_awaiting_payment' }
  /** A payment of the order is under way (a Pagamenti tab at the bank, a renewal charge): its amount is fixed. */
  | { reason: 'payment_in_progress' }
  /** The order has a code already (this one or another): one code per order. */
  | { reason: 'already_applied'; code: string }
  | { reason: 'unknown_code'; code: string }
  | { reason: 'expired'; code: string; endedOn: string }
  | { reason: 'not_yet_valid'; code: string; startsOn: string }
  | { reason: 'wrong_product'; code: string }
  | { reason: 'purchase_only'; code: string }
  | { reason: 'renewal_only'; code: string };

export type ApplyPromotionResult =
  | { ok: true; order: Order; promotion: Promotion; discountCents: number }
  | ({ ok: false } & ApplyRefusal);

/**
 * "Applica" a discount code on an order awaiting payment. Under the order's row lock — taken first, as on every path
 * that changes an order's money (LOCK_ORDER in orders/mark-order-paid.ts) — the order must still await payment, have
 * no code yet and no open payment attempt; start-payment writes its attempt under the same lock and reads the total
 * there, so a concurrent "Paga" charges either the old total before the code (which is then refused) or the new one.
 * The lines get their discount, their VAT is recomputed by the rule of money.ts, and an order-history row says which
 * code took how much.
 */
export async function applyPromotionCode(
  deps: ApplyPromotionDeps,
  input: ApplyPromotionCode,
): Promise<ApplyPromotionResult> {
  const code = normalizeCode(input.code);
  return deps.db.transaction().execute(async (trx): Promise<ApplyPromotionResult> => {
    const order = await trx
      .selectFrom('orders')
      .selectAll()
      .where('customer_id', '=', input.customerId)
      .where('number', '=', input.orderNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!order) return { ok: false, reason: 'unknown_order' };
    if (order.state !== 'awaiting_payment') return { ok: false, reason: 'not_awaiting_payment' };
    if (order.promotion_id !== null) {
      const applied = await findPromotionById(trx, order.promotion_id);
      return { ok: false, reason: 'already_applied', code: applied?.code ?? applied?.campaign ?? '' };
    }
    if (await findOpenAttemptOfOrder(trx, order.id)) return { ok: false, reason: 'payment_in_progress' };

    const promotion = PROMOTION_CODE_PATTERN.test(code) ? await findPromotionByCode(trx, code) : undefined;
    if (!promotion) return { ok: false, reason: 'unknown_code', code };
    const now = deps.clock.now();
    const standing = standingAt(promotion, now, deps.timeZone);
    if (standing.kind === 'expired') return { ok: false, reason: 'expired', code, endedOn: standing.endedOn };
    if (standing.kind === 'not_yet_valid') {
      return { ok: false, reason: 'not_yet_valid', code, startsOn: standing.startsOn };
    }
    const lines = await readOrderLines(trx, order.id);
    const discounts = lineDiscounts(promotion, order, lines);
    if (!discounts.ok) return { ok: false, reason: discounts.reason, code };

    const discounted = lines.map((line, index) => ({
      lineId: line.id,
      discountCents: (discounts.discounts[index] ?? 0) + line.discount_cents,
      amounts: discountedLineAmounts(
        line.quantity,
        line.unit_price_cents,
        (discounts.discounts[index] ?? 0) + line.discount_cents,
        line.vat_rate_bp,
      ),
    }));
    const totals = sumAmounts(discounted.map((line) => line.amounts));
    const discountCents = order.net_cents - totals.netCents;
    const written = await writeOrderDiscount(trx, {
      orderId: order.id,
      promotionId: promotion.id,
      lines: discounted,
      totals,
      reason:
        `discount code ${code} (${promotion.campaign}) applied: net ${formatMoney(order.net_cents, 'en')} → ` +
        `${formatMoney(totals.netCents, 'en')}, total ${formatMoney(order.total_cents, 'en')} → ` +
        `${formatMoney(totals.totalCents, 'en')}`,
      at: now,
    });
    if (!written) return { ok: false, reason: 'not_awaiting_payment' };
    return { ok: true, order: written, promotion, discountCents };
  });
}
