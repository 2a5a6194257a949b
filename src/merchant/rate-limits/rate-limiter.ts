import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addHit, clearWindow, deleteWindowsBefore } from './rate-limit-repository.ts';

/** At most `limit` hits per fixed window of `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in the database, so that every process sharing one PostgreSQL counts together and a restart
 * forgets nothing. A fixed window can let up to twice the limit through around a window edge; for slowing down
 * password guessing that is an acceptable price for one upsert per check.
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<MerchantDatabase>,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit and says whether it is within the rule. */
  async consume(bucket: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    const hits = await addHit(this.db, bucket, new Date(windowStart));
    if (hits <= rule.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)) };
  }

  /** Forgets the current window's hits (e.g. after a successful login, so a customer's own typos do not add up). */
  async reset(bucket: string, rule: RateLimitRule): Promise<void> {
    const windowStart = Math.floor(this.clock.now().getTime() / rule.windowMs) * rule.windowMs;
    await clearWindow(this.db, bucket, new Date(windowStart));
  }

  /**
   * Drops the finished windows of the buckets starting with `prefix` (counters of finished windows are never read
   * again). Scoped by prefix so that one rule's sweep never deletes the live windows of a rule with longer windows.
   */
  async prune(prefix: string, rule: RateLimitRule): Promise<void> {
    await deleteWindowsBefore(this.db, prefix, new Date(this.clock.now().getTime() - 2 * rule.windowMs));
  }
}
