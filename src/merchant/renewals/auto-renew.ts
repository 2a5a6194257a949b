import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Product, Subscription } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays } from '../../shared/clock.ts';
import { lineAmounts } from '../../shared/money.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { findSavedCardOfCustomer } from '../cards/saved-card-repository.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordServiceEvent } from '../events/resource-events.ts';
import { extendedExpiry, switchAutoRenewOn as switchAutoRenewOnCard } from '../subscriptions/subscription-updates.ts';

type Trx = Transaction<MerchantDatabase>;

export interface AutoRenewDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  /** config.businessTimeZone: whether a card has expired. */
  timeZone: string;
  leadDays: number;
}

/** Why a change to automatic renewal was refused: a value, not an error (the routes turn it into a 4xx page). */
export type AutoRenewRefusal =
  | 'unknown_service'
  | 'not_available'
  | 'not_active'
  | 'unknown_card'
  | 'card_expired'
  | 'already_off'
  | 'already_on'
  | 'not_on';

export type AutoRenewResult = { ok: true } | { ok: false; reason: AutoRenewRefusal };

/** The renewal the customer is told about: the date of the charge and its amount (VAT included). */
export function nextRenewal(subscription: Subscription, product: Product, leadDays: number) {
  return {
    date: subscription.expires_on ? addDays(subscription.expires_on, -leadDays) : null,
    amountCents: lineAmounts(subscription.renewal_period_years, product.yearly_price_cents, product.vat_rate_bp)
      .totalCents,
  };
}

/**
 * The renewal the card page announces beside "Attiva il rinnovo automatico": the service as paying `order` today
 * leaves it (markOrderPaid's extension), then the charge RENEWAL_LEAD_DAYS before that expiry, for the renewal period.
 */
export function renewalAfterPaying(
  subscription: Subscription,
  product: Product,
  input: { periodYears: number; today: string; leadDays: number },
) {
  const expiresOn = extendedExpiry(subscription, input.periodYears, input.today);
  return nextRenewal({ ...subscription, expires_on: expiresOn }, product, input.leadDays);
}

async function lockOwnService(trx: Trx, customerId: number, subscriptionId: number) {
  const subscription = await trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', subscriptionId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!subscription) return undefined;
  const product = await trx
    .selectFrom('products')
    .selectAll()
    .where('code', '=', subscription.product_code)
    .executeTakeFirstOrThrow();
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'email', 'locale'])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { subscription, product, customer };
}

/** "Disattiva rinnovo automatico": off, with an email. A renewal already queued finds it off and is not charged. */
export async function switchAutoRenewOff(
  deps: AutoRenewDeps,
  input: { customerId: number; subscriptionId: number },
): Promise<AutoRenewResult> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await lockOwnService(trx, input.customerId, input.subscriptionId);
    if (!found) return { ok: false, reason: 'unknown_service' } as const;
    if (!found.product.auto_renew_available) return { ok: false, reason: 'not_available' } as const;
    if (!found.subscription.auto_renew) return { ok: false, reason: 'already_off' } as const;
    await deactivate(trx, { ...found, reason: 'customer', at: deps.clock.now() });
    return { ok: true } as const;
  });
}

/**
 * Switches automatic renewal off on one locked service and tells the customer why (`customer`: they asked;
 * `card_removed`: the card it used was deleted).
 */
export async function deactivate(
  trx: Trx,
  input: {
    subscription: Subscription;
    product: Product;
    customer: { id: number; email: string; locale: 'it' | 'en' };
    reason: 'customer' | 'card_removed';
    at: Date;
  },
): Promise<void> {
  const { subscription, product, customer } = input;
  await trx
    .updateTable('subscriptions')
    .set({ auto_renew: false, auto_renew_card_id: null })
    .where('id', '=', subscription.id)
    .execute();
  await recordServiceEvent(trx, 'auto_renew.disabled', subscription.id, input.at);
  await enqueueEmail(trx, {
    at: input.at,
    dedupeKey: `auto_renew_deactivated:subscription:${subscription.id}:${input.at.getTime()}`,
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: 'auto_renew_deactivated',
    data: {
      subscriptionId: subscription.id,
      productCode: product.code,
      label: subscription.label,
      expiresOn: subscription.expires_on ?? '',
      reason: input.reason,
    },
  });
}

/** "Attiva rinnovo automatico" on one of the customer's saved, unexpired cards, with an email. */
export async function switchAutoRenewOn(
  deps: AutoRenewDeps,
  input: { customerId: number; subscriptionId: number; cardId: number },
): Promise<AutoRenewResult> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await lockOwnService(trx, input.customerId, input.subscriptionId);
    if (!found) return { ok: false, reason: 'unknown_service' } as const;
    const { subscription, product, customer } = found;
    if (!product.auto_renew_available) return { ok: false, reason: 'not_available' } as const;
    if (subscription.status !== 'active' || subscription.expires_on === null) {
      return { ok: false, reason: 'not_active' } as const;
    }
    if (subscription.auto_renew) return { ok: false, reason: 'already_on' } as const;
    const card = await findSavedCardOfCustomer(trx, input.customerId, input.cardId);
    if (!card) return { ok: false, reason: 'unknown_card' } as const;
    const now = deps.clock.now();
    if (isCardExpired(card, now, deps.timeZone)) return { ok: false, reason: 'card_expired' } as const;
    await switchAutoRenewOnCard(trx, subscription.id, card.id, now);
    const renewal = nextRenewal(subscription, product, deps.leadDays);
    await enqueueEmail(trx, {
      at: now,
      dedupeKey: `auto_renew_activated:subscription:${subscription.id}:at:${now.getTime()}`,
      customerId: customer.id,
      to: customer.email,
      locale: customer.locale,
      template: 'auto_renew_activated',
      data: {
        subscriptionId: subscription.id,
        productCode: product.code,
        label: subscription.label,
        card: { brand: card.brand, last4: card.last4 },
        nextRenewalDate: renewal.date ?? subscription.expires_on,
        amountCents: renewal.amountCents,
        currency: 'EUR',
      },
    });
    return { ok: true } as const;
  });
}

/** "Cambia carta": automatic renewal stays on and moves to another saved, unexpired card. */
export async function changeAutoRenewCard(
  deps: AutoRenewDeps,
  input: { customerId: number; subscriptionId: number; cardId: number },
): Promise<AutoRenewResult> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await lockOwnService(trx, input.customerId, input.subscriptionId);
    if (!found) return { ok: false, reason: 'unknown_service' } as const;
    if (!found.product.auto_renew_available) return { ok: false, reason: 'not_available' } as const;
    if (!found.subscription.auto_renew) return { ok: false, reason: 'not_on' } as const;
    const card = await findSavedCardOfCustomer(trx, input.customerId, input.cardId);
    if (!card) return { ok: false, reason: 'unknown_card' } as const;
    if (isCardExpired(card, deps.clock.now(), deps.timeZone)) return { ok: false, reason: 'card_expired' } as const;
    await trx
      .updateTable('subscriptions')
      .set({ auto_renew_card_id: card.id })
      .where('id', '=', input.subscriptionId)
      .execute();
    return { ok: true } as const;
  });
}
