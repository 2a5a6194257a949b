import type { Kysely } from 'kysely';
import type { BankDatabase } from '../db/schema.ts';
import { findMerchant, type Merchant } from './merchant-repository.ts';

/**
 * The merchants this bank app has read (name, secrets, allowed origins), kept in memory: they change on onboarding and
 * on a secret rotation, while every API call and hosted page needs them. One per bank app (it lives in BankContext),
 * so two banks in one process never share copies.
 *
 * Invalidation is by version, and it works across processes: every writer bumps `merchants.version` in the
 * transaction that changes the merchant (ensureMerchant), and every use compares the cached version with the one
 * read in a statement the request runs anyway — the nonce insert of a signed API call, the session read of a hosted
 * page — reloading on a mismatch. So a change committed by any process is honoured by the very next request here.
 * Not LISTEN/NOTIFY: a notification arrives asynchronously (a request right after a rotation could still be checked
 * against the removed secret), needs a connection of its own outside the pool, and one lost while reconnecting would
 * leave a copy stale for good. Not a TTL: a retired secret or origin would keep working until it ran out.
 */
export class MerchantCache {
  private readonly entries = new Map<string, Merchant>();

  constructor(private readonly db: Kysely<BankDatabase>) {}

  /** The copy in memory, if any (no statement). */
  cached(id: string): Merchant | undefined {
    return this.entries.get(id);
  }

  /** Reads the merchant afresh and keeps it; an unknown merchant is not kept (random ids cannot fill the cache). */
  async load(id: string): Promise<Merchant | undefined> {
    const merchant = await findMerchant(this.db, id);
    if (merchant) this.entries.set(id, merchant);
    else this.entries.delete(id);
    return merchant;
  }

  /** The merchant as of `version` (read by the caller from the database just now): the copy if it is that one. */
  async atVersion(id: string, version: number | null | undefined): Promise<Merchant | undefined> {
    const cached = this.entries.get(id);
    if (cached && version !== null && version !== undefined && cached.version === version) return cached;
    return this.load(id);
  }
}
