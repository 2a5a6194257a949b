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

  it('forgets the window on reset and prunes old windows', async () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const limiter = new RateLimiter(db, clock);
    for (let i = 0; i < 4; i++) await limiter.consume('t:reset', rule);
    await limiter.reset('t:reset', rule);
    expect(await limiter.consume('t:reset', rule)).toEqual({ allowed: true });
    clock.advance(10 * 60_000);
    await limiter.prune(rule.windowMs);
    const left = await db.selectFrom('rate_limit_hits').select('bucket').where('bucket', '=', 't:reset').execute();
    expect(left).toEqual([]);
  });
});
