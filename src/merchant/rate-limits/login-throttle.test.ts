import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { delayAfterFailures, LoginThrottle } from './login-throttle.ts';

describe('delayAfterFailures', () => {
  it('lets three failures pass, then waits 1 s, 2 s, 4 s, 8 s … and never more than 15 minutes', () => {
    const seconds = Array.from({ length: 16 }, (_, failures) => delayAfterFailures(failures) / 1000);
    expect(seconds).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(delayAfterFailures(1000)).toBe(15 * 60_000);
  });
});

describe.each(testDatabaseKinds())('login throttle on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  let pairs = 0;
  const newPair = () => ({ account: `someone-${++pairs}@example.com`, address: '192.0.2.1' });

  it('refuses a pair that failed three times for 1 s, then 2 s, 4 s, 8 s, without counting the refused tries', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    const pair = newPair();
    for (let i = 0; i < 3; i++) expect(await throttle.begin(pair)).toEqual({ allowed: true });
    for (const wait of [1, 2, 4, 8]) {
      expect(await throttle.begin(pair)).toEqual({ allowed: false, retryAfterSeconds: wait });
      clock.advance(wait * 1000 - 1);
      expect(await throttle.begin(pair)).toEqual({ allowed: false, retryAfterSeconds: 1 });
      clock.advance(1);
      expect(await throttle.begin(pair)).toEqual({ allowed: true });
    }
    const row = await db
      .selectFrom('login_throttles')
      .selectAll()
      .where('account', '=', pair.account)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(7);
    expect(row.next_try_at).toEqual(new Date(clock.now().getTime() + 16_000));
  });

  it('slows only that pair: the same account from another address and another account from that address are free', async () => {
    const clock = new ManualClock('2026-11-28T11:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    const pair = newPair();
    for (let i = 0; i < 10; i++) await throttle.begin(pair);
    expect((await throttle.begin(pair)).allowed).toBe(false);
    expect(await throttle.begin({ ...pair, address: '2001:db8::1' })).toEqual({ allowed: true });
    expect(await throttle.begin({ ...newPair(), address: pair.address })).toEqual({ allowed: true });
  });

  it('starts a pair afresh after a success, and after a day without tries', async () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    const pair = newPair();
    for (let i = 0; i < 3; i++) await throttle.begin(pair);
    clock.advance(1000);
    expect(await throttle.begin(pair)).toEqual({ allowed: true });
    await throttle.succeeded(pair);
    for (let i = 0; i < 3; i++) expect(await throttle.begin(pair)).toEqual({ allowed: true });
    expect((await throttle.begin(pair)).allowed).toBe(false);

    clock.advance(24 * 60 * 60_000 + 1);
    for (let i = 0; i < 3; i++) expect(await throttle.begin(pair)).toEqual({ allowed: true });
  });

  it("sweeps pairs nobody has tried for a day when someone succeeds, and keeps the others' counts", async () => {
    const clock = new ManualClock('2026-11-28T13:00:00Z');
    const throttle = new LoginThrottle(db, clock);
    const old = newPair();
    const recent = newPair();
    await throttle.begin(old);
    clock.advance(23 * 60 * 60_000);
    await throttle.begin(recent);
    clock.advance(2 * 60 * 60_000);
    await throttle.succeeded(newPair());
    const left = await db
      .selectFrom('login_throttles')
      .select(['account', 'failures'])
      .where('account', 'in', [old.account, recent.account])
      .execute();
    expect(left).toEqual([{ account: recent.account, failures: 1 }]);
  });

  it('lets concurrent tries of one pair past the delay only as often as sequential ones', async () => {
    const throttle = new LoginThrottle(db, new ManualClock('2026-11-28T14:00:00Z'));
    const pair = newPair();
    const tries = await Promise.all(Array.from({ length: 10 }, () => throttle.begin(pair)));
    expect(tries.filter((t) => t.allowed)).toHaveLength(3);
  });
});
