/**
 * When a delivery is tried again after a failed try (Standard Webhooks / Svix's schedule, stretched to ≈ 3 days):
 * entry n is the wait after the n-th failed try. 13 tries in all; the last comes ≈ 77.6 hours (3 days 5.6 hours)
 * after the first, and when it fails too the delivery is `failed`. Each wait is spread by ±10 % so that the retries
 * of one outage do not all come back in the same second. docs/webhooks.md shows this table.
 */
export const RETRY_DELAYS_MS = [
  5_000, // 5 s
  300_000, // 5 min
  1_800_000, // 30 min
  7_200_000, // 2 h
  18_000_000, // 5 h
  36_000_000, // 10 h
  36_000_000,
  36_000_000,
  36_000_000,
  36_000_000,
  36_000_000,
  36_000_000,
] as const;

export const MAX_TRIES = RETRY_DELAYS_MS.length + 1;

export const RETRY_JITTER = 0.1;

/**
 * An endpoint is disabled when one of its deliveries has used up its schedule and no try to the endpoint succeeded
 * meanwhile: at least this many failed tries in a row, i.e. ≈ 3 days of failing. One bad delivery among good ones
 * (a receiver that rejects one payload) fails alone and leaves the endpoint on.
 */
export const DISABLE_AFTER_CONSECUTIVE_FAILURES = MAX_TRIES;

/** When the next try is due after `tries` tries have failed, or null when that was the last one. */
export function nextTryAt(tries: number, at: Date, random: () => number = Math.random): Date | null {
  const delay = RETRY_DELAYS_MS[tries - 1];
  if (delay === undefined) return null;
  const spread = delay * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random());
  return new Date(at.getTime() + Math.round(spread));
}
