/**
 * Exponential backoff, shared by every queue that retries (the merchant's job queue, the bank's notification outbox):
 * the delay before try n+1, given that n tries (n ≥ 1) have run. It starts at `baseMs`, grows by `factor` each try,
 * stops growing at `maxMs`, and is spread by ±`jitter` (a fraction) so that many retries scheduled by one outage do
 * not all come back in the same instant.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** Defaults to 2. */
  factor?: number;
  /** Fraction of the delay added or taken at random; defaults to 0.2. 0 gives exact delays (tests, schedules). */
  jitter?: number;
}

export function backoffDelayMs(tries: number, backoff: Backoff, random: () => number = Math.random): number {
  const factor = backoff.factor ?? 2;
  const jitter = backoff.jitter ?? 0.2;
  const base = Math.min(backoff.baseMs * factor ** Math.max(0, tries - 1), backoff.maxMs);
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}
