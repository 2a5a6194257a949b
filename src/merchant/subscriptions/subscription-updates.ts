import type { Transaction } from 'kysely';
import type { MerchantDatabase, Product, Subscription } from '../../db/schema.ts';
import { addYears } from '../../shared/clock.ts';
import { recordServiceEvent } from '../events/resource-events.ts';

type Trx = Transaction<MerchantDatabase>;

export async function lockSubscriptionWithProduct(
  trx: Trx,
  subscriptionId: number,
): Promise<{ subscription: Subscription; product: Product }> {
  // One statement: the service locked (not its product, which other payments read at the same time).
  const row = await trx
    .selectFrom('subscriptions')
    .innerJoin('products', 'products.code', 'subscriptions.product_code')
    .selectAll('subscriptions')
    .select([
      'products.name_it',
      'products.name_en',
      'products.yearly_price_cents',
      'products.vat_rate_bp',
      'products.vat_nature',
      'products.auto_renew_available',
    ])
    .where('subscriptions.id', '=', subscriptionId)
    .forUpdate('subscriptions')
    .executeTakeFirstOrThrow();
  const { name_it, name_en, yearly_price_cents, vat_rate_bp, vat_nature, auto_renew_available, ...subscription } = row;
  const product: Product = {
    code: subscription.product_code,
    name_it,
    name_en,
    yearly_price_cents,
    vat_rate_bp,
    vat_nature,
    auto_renew_available,
  };
  return { subscription, product };
}

/**
 * A paid order's effect on its service: a service not yet active (or already lapsed) starts today for the order's
 * period; an active one has its expiry moved on by the period, so paying early never loses days.
 */
export async function extendSubscription(
  trx: Trx,
  subscription: Subscription,
  periodYears: number,
  today: string,
): Promise<Subscription> {
  const running = isRunning(subscription, today);
  const expiresOn = extendedExpiry(subscription, periodYears, today);
  return trx
    .updateTable('subscriptions')
    .set({
      status: 'active',
      activated_on: running ? subscription.activated_on : (subscription.activated_on ?? today),
      expires_on: expiresOn,
    })
    .where('id', '=', subscription.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The expiry a payment made `today` gives the service (the rule of extendSubscription, for pages that tell it). */
export function extendedExpiry(subscription: Subscription, periodYears: number, today: string): string {
  return isRunning(subscription, today)
    ? addYears(subscription.expires_on as string, periodYears)
    : addYears(today, periodYears);
}

function isRunning(subscription: Subscription, today: string): boolean {
  return subscription.status === 'active' && subscription.expires_on !== null && subscription.expires_on >= today;
}

/**
 * Automatic renewal on, on that card, with its `auto_renew.enabled` event: the one place it is switched on (a paid
 * order in Area Clienti, "Attiva rinnovo automatico").
 */
export async function switchAutoRenewOn(
  trx: Trx,
  subscriptionId: number,
  savedCardId: number,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('subscriptions')
    .set({ auto_renew: true, auto_renew_card_id: savedCardId })
    .where('id', '=', subscriptionId)
    .execute();
  await recordServiceEvent(trx, 'auto_renew.enabled', subscriptionId, at);
}
