import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { businessYear } from '../../shared/business-time.ts';
import type { Clock } from '../../shared/clock.ts';
import { findCustomerByEmail } from '../customers/customer-repository.ts';
import type { SandboxBankAdapter } from '../gateway/sandbox-bank-adapter.ts';
import { bankCustomerReference } from './card-display.ts';

/** The demo customer's saved card (SPEC §5: frictionless, approved). */
export const DEMO_CARD = {
  email: 'mario.rossi@example.com',
  number: '5555555555554444',
  holder: 'Mario Rossi',
} as const;

/** Mario's Conservazione (expiring in 210 days, nothing awaiting payment) renews automatically on the demo card. */
export const DEMO_AUTO_RENEWING_PRODUCT = 'conservazione';

/**
 * Gives the demo customer his saved Mastercard ending 4444: registered in the sandbox bank's vault (its sandbox-only
 * API, which answers the same card for the same number), then recorded here by token. Idempotent: run on every start.
 * When the bank's database was reset and gave the card a new token, the row is brought up to date.
 */
export async function ensureDemoSavedCard(
  db: Kysely<MerchantDatabase>,
  bank: Pick<SandboxBankAdapter, 'saveSandboxCard'>,
  { clock, timeZone }: { clock: Clock; timeZone: string },
): Promise<'created' | 'unchanged' | 'updated' | 'no_customer'> {
  const customer = await findCustomerByEmail(db, DEMO_CARD.email);
  if (!customer) return 'no_customer';
  const expYear = businessYear(clock.now(), timeZone) + 4;
  const card = await bank.saveSandboxCard({
    customerReference: bankCustomerReference(customer.id),
    number: DEMO_CARD.number,
    expMonth: 12,
    expYear,
    holder: DEMO_CARD.holder,
    idempotencyKey: `demo-card:${customer.id}:${expYear}`,
  });
  return db.transaction().execute(async (trx) => {
    const known = await trx
      .selectFrom('saved_cards')
      .select('id')
      .where('bank_token', '=', card.token)
      .executeTakeFirst();
    if (known) return 'unchanged';
    const stale = await trx
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', customer.id)
      .where('last4', '=', card.last4)
      .where('exp_year', '=', card.expYear)
      .where('removed_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (stale) {
      await trx.updateTable('saved_cards').set({ bank_token: card.token }).where('id', '=', stale.id).execute();
      return 'updated';
    }
    const hasDefault = await trx
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', customer.id)
      .where('is_default', '=', true)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    const inserted = await trx
      .insertInto('saved_cards')
      .values({
        customer_id: customer.id,
        bank_token: card.token,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        holder: card.holder,
        is_default: !hasDefault,
      })
      .onConflict((oc) => oc.columns(['gateway', 'bank_token']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // One demo service renews automatically on this card, so a renewal pass has something to charge on fresh demo
    // data (docs/renewals.md: `renewals run --in-days N`); the seed's own flows keep their services as they were.
    if (inserted) {
      await trx
        .updateTable('subscriptions')
        .set({ auto_renew: true, auto_renew_card_id: inserted.id })
        .where('customer_id', '=', customer.id)
        .where('product_code', '=', DEMO_AUTO_RENEWING_PRODUCT)
        .where('auto_renew', '=', false)
        .execute();
    }
    return 'created';
  });
}
