import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { type Backoff, backoffDelayMs } from '../../shared/backoff.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  deleteLoginPair,
  deleteLoginPairsTriedBefore,
  type LoginPair,
  lockLoginPair,
  updateLoginPair,
} from './login-throttle-repository.ts';

export type { LoginPair };

/**
 * How one account tried from one client address is slowed down. There is no lockout: a pair that keeps failing waits
 * longer and longer before its next try is even checked, but the account stays open from every other address, and
 * the right password after the wait works at once.
 */
export interface LoginThrottlePolicy {
  /** Unsuccessful tries a pair makes before it has to wait at all (typos). */
  freeFailures: number;
  /** The wait after the first delayed failure and how it grows; no jitter, so the customer is told the truth. */
  backoff: Backoff;
  /** A pair not tried for this long starts afresh (and its row is swept). */
  forgetAfterMs: number;
}

export const LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeFailures: 3,
  backoff: { baseMs: 1000, factor: 2, maxMs: 15 * 60_000, jitter: 0 },
  forgetAfterMs: 24 * 60 * 60_000,
};

/** The wait after `failures` unsuccessful tries: none for the first three, then 1 s, 2 s, 4 s, 8 s … at most 15 min. */
export function delayAfterFailures(failures: number, policy: LoginThrottlePolicy = LOGIN_THROTTLE): number {
  if (failures < policy.freeFailures) return 0;
  return backoffDelayMs(failures - policy.freeFailures + 1, policy.backoff);
}

export type LoginTry = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Throttling per (account, address) in `login_throttles`, shared by every process on one database. Time comes from
 * the clock and is only compared, never waited for: a request that must wait is answered at once with how long.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Kysely<MerchantDatabase>,
    private readonly clock: Clock,
    readonly policy: LoginThrottlePolicy = LOGIN_THROTTLE,
  ) {}

  /**
   * Starts a try of the pair. While the pair must wait, the try is refused (and not counted). Otherwise it is counted
   * as unsuccessful from the start and the pair's next try is pushed back as if this one fails, under the row's lock:
   * concurrent tries cannot all slip in before the first one's failure is written. `succeeded` undoes it.
   */
  async begin(pair: LoginPair): Promise<LoginTry> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await lockLoginPair(trx, pair, now);
      const waitMs = row.next_try_at.getTime() - now.getTime();
      if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
      const quiet = now.getTime() - row.last_try_at.getTime() > this.policy.forgetAfterMs;
      const failures = (quiet ? 0 : row.failures) + 1;
      await updateLoginPair(trx, pair, {
        failures,
        lastTryAt: now,
        nextTryAt: new Date(now.getTime() + delayAfterFailures(failures, this.policy)),
      });
      return { allowed: true };
    });
  }

  /** The right password: the pair starts afresh. Also the moment to sweep pairs nobody has tried for a day. */
  async succeeded(pair: LoginPair): Promise<void> {
    await deleteLoginPair(this.db, pair);
    await deleteLoginPairsTriedBefore(this.db, new Date(this.clock.now().getTime() - this.policy.forgetAfterMs));
  }
}
