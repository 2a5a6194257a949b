import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { RateLimiter } from './rate-limiter.ts';

describe.each(testDatabaseKinds())('rate limiter on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  const rule = { limit: 3, windowMs: 60_000 };

  it('allows the limit, refuses the next hit until the window ends, then allows again', async () => {
    const clock = new ManualClock('2026-11-28T10:00:10Z');
    const limiter = new RateLimiter(db, clock);
    for (let i = 0; i < 3; i++) expect(await limiter.consume('t:a', rule)).toEqual({ allowed: true });
    expect(await limiter.consume('t:a', rule)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await limiter.consume('t:other', rule)).toEqual({ allowed: true });
    clock.advance(50_000);
    expect(await limiter.consume('t:a', rule)).toEqual({ allowed: true });
  });

  it('counts concurrent hits exactly', async () => {
    const limiter = new RateLimiter(db, new ManualClock('2026-11-28T11:00:00Z'));
    const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.consume('t:burst', rule)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
  });

  it('forgets the window on reset', async () => {
    const limiter = new RateLimiter(db, new ManualClock('2026-11-28T12:00:00Z'));
    for (let i = 0; i < 4; i++) await limiter.consume('t:reset', rule);
    await limiter.reset('t:reset', rule);
    expect(await limiter.consume('t:reset', rule)).toEqual({ allowed: true });
  });

  it("prunes finished windows of its own prefix only, even when a prefix holds LIKE's wildcards", async () => {
    const clock = new ManualClock('2026-11-28T13:00:00Z');
    const limiter = new RateLimiter(db, clock);
    for (const bucket of ['p_1:a', 'p_1:b', 'pX1:c', 'other:d']) await limiter.consume(bucket, rule);
    clock.advance(10 * 60_000);
    await limiter.consume('p_1:a', rule);
    await limiter.prune('p_1:', rule);
    const left = await db
      .selectFrom('rate_limit_hits')
      .select(['bucket', 'window_start'])
      .where('bucket', 'in', ['p_1:a', 'p_1:b', 'pX1:c', 'other:d'])
      .execute();
    expect(left.map((row) => row.bucket).sort()).toEqual(['other:d', 'pX1:c', 'p_1:a']);
    expect(left.find((row) => row.bucket === 'p_1:a')?.window_start).toEqual(new Date('2026-11-28T13:10:00Z'));
  });
});
