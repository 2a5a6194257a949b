import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  it('grows by the factor from the base and stops at the maximum', () => {
    const exact = { baseMs: 60_000, maxMs: 86_400_000, factor: 3, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, exact))).toEqual([60_000, 180_000, 540_000, 1_620_000]);
    expect(backoffDelayMs(20, exact)).toBe(86_400_000);
  });

  it('spreads each delay by the jitter either side', () => {
    const spread = { baseMs: 10_000, maxMs: 3_600_000, jitter: 0.2 };
    expect(backoffDelayMs(1, spread, () => 0)).toBe(8_000);
    expect(backoffDelayMs(1, spread, () => 1)).toBe(12_000);
    expect(backoffDelayMs(2, spread, () => 0.5)).toBe(20_000);
  });
});
