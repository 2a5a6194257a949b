import type { Kysely, Transaction } from 'kysely';
import type { BankDatabase, CardRow, CardStatus } from '../db/schema.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

export async function insertCard(db: Db, card: Omit<CardRow, 'deleted_at'>): Promise<void> {
  await db.insertInto('cards').values(card).execute();
}

export async function findCard(db: Db, token: string): Promise<CardRow | undefined> {
  return db.selectFrom('cards').selectAll().where('token', '=', token).executeTakeFirst();
}

/** An active card of this merchant (and, when given, of this customer); deleted and transient cards are never found. */
export async function findActiveCard(
  db: Db,
  query: { token: string; merchantId: string; customerReference?: string },
): Promise<CardRow | undefined> {
  let select = db
    .selectFrom('cards')
    .selectAll()
    .where('token', '=', query.token)
    .where('merchant_id', '=', query.merchantId)
    .where('status', '=', 'active');
  if (query.customerReference !== undefined) select = select.where('customer_reference', '=', query.customerReference);
  return select.executeTakeFirst();
}

export async function setCardStatus(db: Db, token: string, from: CardStatus, to: CardStatus): Promise<boolean> {
  const result = await db
    .updateTable('cards')
    .set({ status: to })
    .where('token', '=', token)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Deletes a saved card: the encrypted number is erased, not just hidden, so the vault keeps nothing it no longer needs.
 * Returns false when there was no active card of this merchant with that token.
 */
export async function deleteCard(db: Db, query: { token: string; merchantId: string; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('cards')
    .set({ status: 'deleted', deleted_at: query.at, pan_ciphertext: '' })
    .where('token', '=', query.token)
    .where('merchant_id', '=', query.merchantId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A transient card (typed for one payment and not saved) loses its number once its session has ended. */
export async function eraseTransientCard(db: Db, token: string): Promise<void> {
  await db
    .updateTable('cards')
    .set({ pan_ciphertext: '' })
    .where('token', '=', token)
    .where('status', '=', 'transient')
    .execute();
}
