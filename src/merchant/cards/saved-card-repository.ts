import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, SavedCard } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewSavedCard {
  customerId: number;
  /** The gateway that holds the token (the port's `name`). */
  gateway: string;
  bankToken: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  holder: string;
}

/** The customer's cards still saved, the default first, then the newest. */
export async function listSavedCards(db: Db, customerId: number): Promise<SavedCard[]> {
  return db
    .selectFrom('saved_cards')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('removed_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One saved card, only if it is the customer's and still saved. */
export async function findSavedCardOfCustomer(db: Db, customerId: number, id: number): Promise<SavedCard | undefined> {
  return db
    .selectFrom('saved_cards')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function findSavedCardById(db: Db, id: number): Promise<SavedCard | undefined> {
  return db.selectFrom('saved_cards').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Saves a card the bank tokenised, once per token (a second call returns the same row). The customer's first card
 * becomes the default. Call inside a transaction.
 */
export async function saveCardOnce(trx: Transaction<MerchantDatabase>, card: NewSavedCard): Promise<SavedCard> {
  const hasDefault = await trx
    .selectFrom('saved_cards')
    .select('id')
    .where('customer_id', '=', card.customerId)
    .where('is_default', '=', true)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  const inserted = await trx
    .insertInto('saved_cards')
    .values({
      customer_id: card.customerId,
      gateway: card.gateway,
      bank_token: card.bankToken,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      holder: card.holder,
      is_default: !hasDefault,
    })
    .onConflict((oc) => oc.columns(['gateway', 'bank_token']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  return trx
    .selectFrom('saved_cards')
    .selectAll()
    .where('gateway', '=', card.gateway)
    .where('bank_token', '=', card.bankToken)
    .executeTakeFirstOrThrow();
}
