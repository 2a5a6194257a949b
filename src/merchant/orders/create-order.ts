import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Order, OrderKind } from '../../db/schema.ts';
import { businessYear } from '../../shared/business-time.ts';
import type { Clock } from '../../shared/clock.ts';
import { discountedLineAmounts, sumAmounts } from '../../shared/money.ts';
import { productName } from '../catalog/product-names.ts';
import { findProduct } from '../catalog/product-repository.ts';
import { serviceName } from '../catalog/service-name.ts';
import { recordOrderEvent } from '../events/resource-events.ts';
import { automaticPromotionFor } from '../promotions/automatic-promotion.ts';
import { insertOrder, type NewLine, nextOrderNumber } from './order-repository.ts';

export interface CreateOrderInput {
  customerId: number;
  subscriptionId: number;
  kind: OrderKind;
  /** Years bought or renewed; the price is the product's yearly price times this. */
  periodYears: number;
}

export class OrderCreationError extends Error {
  constructor(readonly reason: 'unknown_subscription' | 'invalid_period') {
    super(`cannot create order: ${reason}`);
    this.name = 'OrderCreationError';
  }
}

/**
 * Creates an order awaiting payment for one of the customer's services: one line for the product, priced from the
 * catalogue at the time of ordering (later price changes do not touch it), VAT per line via money.ts, and a number
 * from the shared sequence, with the year the order is made in the business time zone.
 */
export async function createOrder(
  db: Kysely<MerchantDatabase> | Transaction<MerchantDatabase>,
  input: CreateOrderInput,
  deps: { clock: Clock; timeZone: string },
): Promise<Order> {
  if (!Number.isInteger(input.periodYears) || input.periodYears < 1 || input.periodYears > 5) {
    throw new OrderCreationError('invalid_period');
  }
  const run = async (trx: Transaction<MerchantDatabase>): Promise<Order> => {
    const subscription = await trx
      .selectFrom('subscriptions')
      .select(['id', 'product_code', 'label'])
      .where('id', '=', input.subscriptionId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (!subscription) throw new OrderCreationError('unknown_subscription');
    const product = await findProduct(trx, subscription.product_code);
    if (!product) throw new OrderCreationError('unknown_subscription');

    const now = deps.clock.now();
    // A promotion without a code applies by itself (promotions/automatic-promotion.ts); one with a code waits for it.
    const automatic = await automaticPromotionFor(
      trx,
      { productCode: product.code, quantity: input.periodYears, unitPriceCents: product.yearly_price_cents },
      { kind: input.kind, at: now, timeZone: deps.timeZone },
    );
    const discountCents = automatic?.discountCents ?? 0;
    const amounts = discountedLineAmounts(
      input.periodYears,
      product.yearly_price_cents,
      discountCents,
      product.vat_rate_bp,
    );
    // Order lines keep the Italian description: it is the legal document's language, whatever the UI shows.
    const line: NewLine = {
      productCode: product.code,
      description: serviceName(productName(product, 'it'), subscription.label, ' — '),
      quantity: input.periodYears,
      unitPriceCents: product.yearly_price_cents,
      netCents: amounts.netCents,
      vatRateBp: product.vat_rate_bp,
      vatNature: product.vat_nature,
      vatCents: amounts.vatCents,
      discountCents,
    };
    const total = sumAmounts([amounts]);
    const order = await insertOrder(
      trx,
      {
        number: await nextOrderNumber(trx, businessYear(now, deps.timeZone)),
        customerId: input.customerId,
        subscriptionId: subscription.id,
        kind: input.kind,
        currency: 'EUR',
        periodYears: input.periodYears,
        netCents: total.netCents,
        vatCents: total.vatCents,
        totalCents: total.totalCents,
        createdAt: now,
        ...(automatic
          ? { promotion: { id: automatic.promotion.id, reason: `promotion ${automatic.promotion.campaign} applied` } }
          : {}),
      },
      [line],
    );
    await recordOrderEvent(trx, 'order.created', order.id, now);
    return order;
  };
  return db.isTransaction ? run(db as Transaction<MerchantDatabase>) : db.transaction().execute(run);
}
