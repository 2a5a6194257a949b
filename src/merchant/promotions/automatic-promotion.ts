import type { Transaction } from 'kysely';
import type { MerchantDatabase, OrderKind, Promotion } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { listPromotionsValidOn } from './promotion-repository.ts';
import { lineDiscounts } from './promotion-rules.ts';

/**
 * A promotion without a code is for everyone: an order created while it is valid, for its product and kind, takes it
 * at once (the largest such discount, if several). Returns what to take off the order's one line, or undefined.
 */
export async function automaticPromotionFor(
  trx: Transaction<MerchantDatabase>,
  line: { productCode: string; quantity: number; unitPriceCents: number },
  order: { kind: OrderKind; at: Date; timeZone: string },
): Promise<{ promotion: Promotion; discountCents: number } | undefined> {
  const valid = await listPromotionsValidOn(trx, businessDate(order.at, order.timeZone), order.at);
  let best: { promotion: Promotion; discountCents: number } | undefined;
  for (const promotion of valid) {
    if (promotion.code !== null) continue;
    const discounts = lineDiscounts(promotion, { kind: order.kind }, [
      { product_code: line.productCode, quantity: line.quantity, unit_price_cents: line.unitPriceCents },
    ]);
    const discountCents = discounts.ok ? (discounts.discounts[0] ?? 0) : 0;
    if (discountCents > (best?.discountCents ?? 0)) best = { promotion, discountCents };
  }
  return best;
}
