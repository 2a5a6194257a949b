import type { Kysely } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';

/**
 * Records a signature's nonce for its merchant until `expiresAt`; `replayed` when it was already there. One insert
 * against the primary key, so of two identical requests racing exactly one is accepted. The same statement reads the
 * merchant's version (null if it is gone), so the caller can check its cached copy of the merchant at no extra cost.
 */
export async function recordNonce(
  db: Kysely<BankDatabase>,
  use: { merchantId: string; nonce: string; expiresAt: Date },
): Promise<{ replayed: true } | { replayed: false; merchantVersion: number | null }> {
  const inserted = await db
    .insertInto('signature_nonces')
    .values({ merchant_id: use.merchantId, nonce: use.nonce, expires_at: use.expiresAt })
    .onConflict((oc) => oc.columns(['merchant_id', 'nonce']).doNothing())
    .returning((eb) => [
      eb.selectFrom('merchants').select('version').where('id', '=', use.merchantId).as('merchant_version'),
    ])
    .executeTakeFirst();
  return inserted ? { replayed: false, merchantVersion: inserted.merchant_version } : { replayed: true };
}

/** Forgets nonces whose signatures are stale by now (they would be refused as expired anyway). */
export async function purgeSignatureNonces(ctx: BankContext): Promise<number> {
  const result = await ctx.db
    .deleteFrom('signature_nonces')
    .where('expires_at', '<', ctx.clock.now())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
