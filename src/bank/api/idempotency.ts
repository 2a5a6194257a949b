import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import { BankError, errorBody } from '../bank-errors.ts';
import type { BankDatabase } from '../db/schema.ts';

/** An API response as stored for replay. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A claim older than this belongs to a request that died (a crash mid-way); a retry may take it over. */
const ABANDONED_CLAIM_MS = 60_000;

/** Keys are kept this long (the promise to merchants is at least 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3600 * 1000;

export function requestHash(method: string, url: string, rawBody: string): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${rawBody}`, 'utf8').digest('hex');
}

/**
 * Runs `handler` at most once per (merchant, Idempotency-Key).
 *
 * The key is first claimed by a committed insert (the primary key makes the claim exclusive), so a concurrent request
 * with the same key sees the claim and gets 409 `idempotency_key_in_use` instead of waiting. The handler's writes and
 * the stored response then commit in one transaction: either both exist or neither, so a crash cannot leave a
 * payment without its stored answer. A replay returns the stored status and body; the same key with another
 * request is 422 `idempotency_key_reused`. An unexpected failure releases the key so the merchant can retry.
 */
export async function withIdempotency(
  ctx: BankContext,
  claim: { merchantId: string; key: string; requestHash: string },
  handler: (trx: Transaction<BankDatabase>) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insertInto('idempotency_keys')
    .values({
      merchant_id: claim.merchantId,
      key: claim.key,
      request_hash: claim.requestHash,
      status: 'in_progress',
      response_status: null,
      response_body: null,
      locked_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();

  if (!inserted) {
    const existing = await ctx.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('merchant_id', '=', claim.merchantId)
      .where('key', '=', claim.key)
      .executeTakeFirst();
    // Vanished between the insert and the select: a failed request released it just now; the merchant retries.
    if (!existing) throw new BankError('idempotency_key_in_use');
    if (existing.request_hash !== claim.requestHash) throw new BankError('idempotency_key_reused');
    if (existing.status === 'completed') {
      return { status: existing.response_status!, body: JSON.parse(existing.response_body!), replayed: true };
    }
    const abandoned = now.getTime() - existing.locked_at.getTime() > ABANDONED_CLAIM_MS;
    const takenOver =
      abandoned &&
      (await ctx.db
        .updateTable('idempotency_keys')
        .set({ locked_at: now })
        .where('merchant_id', '=', claim.merchantId)
        .where('key', '=', claim.key)
        .where('status', '=', 'in_progress')
        .where('locked_at', '=', existing.locked_at)
        .executeTakeFirst()
        .then((r) => r.numUpdatedRows > 0n));
    if (!takenOver) throw new BankError('idempotency_key_in_use');
  }

  const complete = (trx: Transaction<BankDatabase> | BankContext['db'], response: StoredResponse) =>
    trx
      .updateTable('idempotency_keys')
      .set({ status: 'completed', response_status: response.status, response_body: JSON.stringify(response.body) })
      .where('merchant_id', '=', claim.merchantId)
      .where('key', '=', claim.key)
      .execute();

  try {
    const response = await ctx.db.transaction().execute(async (trx) => {
      const result = await handler(trx);
      await complete(trx, result);
      return result;
    });
    return { ...response, replayed: false };
  } catch (error) {
    if (error instanceof BankError && error.status < 500) {
      // A refused request (unknown card, refund too large…) is an answer too: the same retry gets the same refusal.
      const response = { status: error.status, body: errorBody(error.code, error.details) };
      await complete(ctx.db, response);
      return { ...response, replayed: false };
    }
    await ctx.db
      .deleteFrom('idempotency_keys')
      .where('merchant_id', '=', claim.merchantId)
      .where('key', '=', claim.key)
      .where('status', '=', 'in_progress')
      .execute();
    throw error;
  }
}

/** Forgets keys past their retention. */
export async function purgeIdempotencyKeys(ctx: BankContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS);
  const result = await ctx.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
