import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export async function insertResetToken(
  db: Db,
  token: { customerId: number; tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<number> {
  const row = await db
    .insertInto('password_reset_tokens')
    .values({
      customer_id: token.customerId,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The customer of a token that is unused and not expired at `now`, or undefined. Reads only: see useResetToken. */
export async function findUsableResetToken(db: Db, tokenHash: string, now: Date): Promise<number | undefined> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .select('customer_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row ? Number(row.customer_id) : undefined;
}

/**
 * Uses the token, compare-and-set: only an unused, unexpired token is marked used, so of two concurrent uses one
 * updates the row and the other finds it used. Returns the token's customer, or undefined when it cannot be used.
 */
export async function useResetToken(db: Db, tokenHash: string, now: Date): Promise<number | undefined> {
  const row = await db
    .updateTable('password_reset_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('customer_id')
    .executeTakeFirst();
  return row ? Number(row.customer_id) : undefined;
}

/** Marks every other unused token of the customer used: after a reset, older links are dead too. */
export async function useAllResetTokensOf(db: Db, customerId: number, now: Date): Promise<void> {
  await db
    .updateTable('password_reset_tokens')
    .set({ used_at: now })
    .where('customer_id', '=', customerId)
    .where('used_at', 'is', null)
    .execute();
}
