import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Order, OrderLine } from '../../db/schema.ts';
import type { LineAmounts } from '../../shared/money.ts';

type Trx = Transaction<MerchantDatabase>;
type Db = Kysely<MerchantDatabase> | Trx;

export interface OrderDiscount {
  orderId: number;
  promotionId: number;
  lines: { lineId: number; discountCents: number; amounts: LineAmounts }[];
  totals: LineAmounts;
  /** The order-history row's reason. */
  reason: string;
  at: Date;
}

/** The order's lines, in order (the caller holds the order's row lock, under which alone lines change). */
export async function readOrderLines(trx: Trx, orderId: number): Promise<OrderLine[]> {
  return trx.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute();
}

/**
 * Writes a promotion onto an order awaiting payment that has none yet (compare-and-set on both): the lines' discounts,
 * nets and VAT, the order's totals, and a history row, in the caller's transaction. Undefined when the order moved on.
 */
export async function writeOrderDiscount(trx: Trx, discount: OrderDiscount): Promise<Order | undefined> {
  const order = await trx
    .updateTable('orders')
    .set({
      promotion_id: discount.promotionId,
      net_cents: discount.totals.netCents,
      vat_cents: discount.totals.vatCents,
      total_cents: discount.totals.totalCents,
    })
    .where('id', '=', discount.orderId)
    .where('state', '=', 'awaiting_payment')
    .where('promotion_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!order) return undefined;
  for (const line of discount.lines) {
    await trx
      .updateTable('order_lines')
      .set({ discount_cents: line.discountCents, net_cents: line.amounts.netCents, vat_cents: line.amounts.vatCents })
      .where('id', '=', line.lineId)
      .where('order_id', '=', discount.orderId)
      .execute();
  }
  await trx
    .insertInto('order_events')
    .values({
      order_id: order.id,
      from_state: 'awaiting_payment',
      to_state: 'awaiting_payment',
      reason: discount.reason,
      at: discount.at,
    })
    .execute();
  return order;
}

/** The cents the order's lines were discounted by in all (0 without a promotion). */
export async function orderDiscountCents(db: Db, orderId: number): Promise<number> {
  const row = await db
    .selectFrom('order_lines')
    .select((eb) => eb.fn.sum<string | number>('discount_cents').as('cents'))
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return Number(row?.cents ?? 0);
}
