import type { Kysely } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';

/**
 * Records a signature's nonce for its merchant until `expiresAt`; false when it was already there (a replay). One
 * insert against the primary key, so of two identical requests racing exactly one is accepted.
 */
export async function recordNonce(
  db: Kysely<BankDatabase>,
  use: { merchantId: string; nonce: string; expiresAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('signature_nonces')
    .values({ merchant_id: use.merchantId, nonce: use.nonce, expires_at: use.expiresAt })
    .onConflict((oc) => oc.columns(['merchant_id', 'nonce']).doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets nonces whose signatures are stale by now (they would be refused as expired anyway). */
export async function purgeSignatureNonces(ctx: BankContext): Promise<number> {
  const result = await ctx.db
    .deleteFrom('signature_nonces')
    .where('expires_at', '<', ctx.clock.now())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
