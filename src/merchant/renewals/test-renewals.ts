import { loadConfig } from '../../config.ts';
import type { Subscription } from '../../db/schema.ts';
import { addDays } from '../../shared/clock.ts';
import { bankCustomerReference } from '../cards/card-display.ts';
import { saveCardOnce } from '../cards/saved-card-repository.ts';
import type { PaymentsKit } from '../payments/test-payments.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';
import { type RenewalDeps, renewalSettings } from './renewal-deps.ts';

/** Test support (not a test): the renewal engine over a payments kit (real database, real sandbox bank over HTTP). */
export function renewalDeps(kit: PaymentsKit, settings: Partial<RenewalDeps['settings']> = {}): RenewalDeps {
  return {
    db: kit.db,
    gateway: kit.gateway,
    clock: kit.clock,
    settings: { ...renewalSettings(loadConfig({ NODE_ENV: 'test' })), ...settings },
    logger: kit.deps.logger,
  };
}

/** Saves a sandbox test card for Mario at the bank (as a first payment would) and here; returns the saved card id. */
export async function saveMarioCard(kit: PaymentsKit, number: string, exp = { month: 12, year: 2040 }) {
  const card = await kit.gateway.saveSandboxCard({
    customerReference: bankCustomerReference(kit.marioId),
    number,
    expMonth: exp.month,
    expYear: exp.year,
    holder: 'Mario Rossi',
    idempotencyKey: `test-card:${number}:${exp.year}-${exp.month}`,
  });
  const saved = await kit.db.transaction().execute((trx) =>
    saveCardOnce(trx, {
      customerId: kit.marioId,
      gateway: kit.gateway.name,
      bankToken: card.token,
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      holder: card.holder,
    }),
  );
  return saved.id;
}

/** Mario's service of a product, with automatic renewal switched on the given card. */
export async function renewOn(kit: PaymentsKit, productCode: string, cardId: number): Promise<Subscription> {
  return kit.db
    .updateTable('subscriptions')
    .set({ auto_renew: true, auto_renew_card_id: cardId })
    .where('customer_id', '=', kit.marioId)
    .where('product_code', '=', productCode)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves the shared clock to `days` before the service's expiry, at 09:00 UTC (10:00 or 11:00 in Rome). */
export function daysBeforeExpiry(kit: PaymentsKit, subscription: Subscription, days: number): void {
  kit.clock.set(`${addDays(subscription.expires_on as string, -days)}T09:00:00Z`);
}

export async function bankChargesFor(kit: PaymentsKit, amountCents?: number) {
  const rows = await kit.bank.database.db
    .selectFrom('charges')
    .select(['status', 'decline_code', 'amount_cents'])
    .execute();
  return amountCents === undefined ? rows : rows.filter((r) => r.amount_cents === amountCents);
}

/** The renewal charge attempts made with a saved card (one per try). */
export async function renewalChargesOn(kit: PaymentsKit, cardId: number) {
  return kit.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('purpose', '=', 'renewal_charge')
    .where('saved_card_id', '=', cardId)
    .orderBy('id')
    .execute();
}

/** The renewal charge attempts of an order. */
export async function renewalChargesOf(kit: PaymentsKit, orderId: number) {
  return kit.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('purpose', '=', 'renewal_charge')
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
}

export async function outboxOf(kit: PaymentsKit, template: string) {
  return kit.db
    .selectFrom('email_outbox')
    .select(['dedupe_key', 'data'])
    .where('template', '=', template)
    .orderBy('id')
    .execute();
}

/** A new active service of Mario's expiring on `expiresOn`, renewing on `cardId`. */
export async function newRenewingService(kit: PaymentsKit, productCode: string, expiresOn: string, cardId: number) {
  const subscription = await insertSubscription(kit.db, {
    customerId: kit.marioId,
    productCode,
    label: `${productCode}-${expiresOn}-${cardId}`,
    status: 'active',
    activatedOn: addDays(expiresOn, -365),
    expiresOn,
  });
  return kit.db
    .updateTable('subscriptions')
    .set({ auto_renew: true, auto_renew_card_id: cardId })
    .where('id', '=', subscription.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
