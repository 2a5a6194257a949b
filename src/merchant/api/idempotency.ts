import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { ApiError } from './api-errors.ts';

/** A claim older than this belongs to a request that died (a crash mid-way); a retry may take it over. */
const ABANDONED_CLAIM_MS = 60_000;

/** Keys are kept this long (the promise to integrators is at least 24 h); the retention job purges older ones. */
export const API_IDEMPOTENCY_RETENTION_MS = 48 * 3600 * 1000;

export interface IdempotencyClaim {
  apiKeyId: number;
  key: string;
  requestHash: string;
}

export type ClaimOutcome = { kind: 'claimed' } | { kind: 'replay'; status: number; body: string };

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${JSON.stringify(body ?? null)}`, 'utf8')
    .digest('hex');
}

/**
 * Claims (API key, Idempotency-Key) for one request, with the bank's semantics (src/bank/api/idempotency.ts): the
 * claim is a committed insert whose primary key makes it exclusive, so a concurrent request with the same key gets
 * 409 `idempotency_key_in_use` rather than running twice; a completed key replays its stored answer; the same key with
 * another request is 422 `idempotency_key_reused`.
 *
 * Unlike the bank, the answer is stored just after the use case commits, not in its transaction (the use cases open
 * their own): a crash between the two leaves the claim in progress, and a retry after ABANDONED_CLAIM_MS runs again.
 * The use cases it guards are themselves safe to repeat or refuse a repeat (cancel, auto-renew off, delete a card);
 * a create repeated after such a crash is the one case left, and needs a crash in a window of microseconds.
 */
export async function claimIdempotencyKey(
  db: Kysely<MerchantDatabase>,
  claim: IdempotencyClaim,
  now: Date,
): Promise<ClaimOutcome> {
  const inserted = await db
    .insertInto('api_idempotency_keys')
    .values({
      api_key_id: claim.apiKeyId,
      key: claim.key,
      request_hash: claim.requestHash,
      status: 'in_progress',
      response_status: null,
      response_body: null,
      locked_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { kind: 'claimed' };

  const existing = await db
    .selectFrom('api_idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .executeTakeFirst();
  // Vanished between the insert and the select: a failed request released it just now; the client retries.
  if (!existing) throw new ApiError('idempotency_key_in_use');
  if (existing.request_hash !== claim.requestHash) {
    throw new ApiError('idempotency_key_reused', 'Use a new Idempotency-Key for a different request.');
  }
  if (existing.status === 'completed') {
    return { kind: 'replay', status: existing.response_status ?? 200, body: existing.response_body ?? '' };
  }
  const abandoned = now.getTime() - existing.locked_at.getTime() > ABANDONED_CLAIM_MS;
  const takenOver =
    abandoned &&
    (await db
      .updateTable('api_idempotency_keys')
      .set({ locked_at: now })
      .where('api_key_id', '=', claim.apiKeyId)
      .where('key', '=', claim.key)
      .where('status', '=', 'in_progress')
      .where('locked_at', '=', existing.locked_at)
      .executeTakeFirst()
      .then((r) => r.numUpdatedRows > 0n));
  if (!takenOver) throw new ApiError('idempotency_key_in_use', 'Retry once the first request has been answered.');
  return { kind: 'claimed' };
}

/** Stores the answer of a claimed key; later requests with the key replay it. */
export async function completeIdempotencyKey(
  db: Kysely<MerchantDatabase>,
  claim: IdempotencyClaim,
  response: { status: number; body: string },
): Promise<void> {
  await db
    .updateTable('api_idempotency_keys')
    .set({ status: 'completed', response_status: response.status, response_body: response.body })
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .execute();
}

/** Forgets a claim whose request failed unexpectedly (5xx), so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: Kysely<MerchantDatabase>, claim: IdempotencyClaim): Promise<void> {
  await db
    .deleteFrom('api_idempotency_keys')
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .where('status', '=', 'in_progress')
    .execute();
}

/**
 * Forgets keys past their retention (the retention job's work). One statement: a day's keys are a day's POSTs, far
 * fewer rows than the emails and jobs the same job purges in batches.
 */
export async function purgeApiIdempotencyKeys(db: Kysely<MerchantDatabase>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - API_IDEMPOTENCY_RETENTION_MS);
  const result = await db.deleteFrom('api_idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
