import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import type { BankDatabase } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { newMerchant, openUseCaseKit } from '../testing/use-case-kit.ts';
import { purgeIdempotencyKeys, withIdempotency } from './idempotency.ts';

describe.each(testDatabaseKinds())('idempotency keys on %s', (kind) => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let ctx: BankContext;
  let database: Database<BankDatabase>;
  let merchant: Merchant;

  beforeAll(async () => {
    ({ ctx, database } = await openUseCaseKit(kind, clock));
    merchant = await newMerchant(ctx);
  });
  afterAll(async () => {
    await database.close();
  });

  const claim = (key: string, requestHash = 'h1') => ({ merchantId: merchant.id, key, requestHash });

  it('runs the handler once and replays its response', async () => {
    let runs = 0;
    const handler = async () => ({ status: 201, body: { run: ++runs } });
    expect(await withIdempotency(ctx, claim('once'), handler)).toEqual({
      status: 201,
      body: { run: 1 },
      replayed: false,
    });
    expect(await withIdempotency(ctx, claim('once'), handler)).toEqual({
      status: 201,
      body: { run: 1 },
      replayed: true,
    });
    expect(runs).toBe(1);
  });

  it('refuses the same key with another request', async () => {
    await withIdempotency(ctx, claim('mismatch', 'h1'), async () => ({ status: 201, body: {} }));
    await expect(
      withIdempotency(ctx, claim('mismatch', 'h2'), async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      status: 422,
    });
  });

  it('stores a refusal as the answer, and releases the key after an unexpected failure', async () => {
    const refused = await withIdempotency(ctx, claim('refused'), async () => {
      throw new BankError('card_not_found');
    });
    expect(refused).toMatchObject({ status: 404, body: { error: { code: 'card_not_found' } } });
    expect(await withIdempotency(ctx, claim('refused'), async () => ({ status: 201, body: {} }))).toMatchObject({
      status: 404,
      replayed: true,
    });

    await expect(withIdempotency(ctx, claim('crash'), async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await withIdempotency(ctx, claim('crash'), async () => ({ status: 201, body: { ok: true } }))).toMatchObject(
      { status: 201, replayed: false },
    );
  });

  it('a concurrent request with a key in progress gets 409 (PostgreSQL); PGlite, one session, serializes it into a replay', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let runs = 0;
    const first = withIdempotency(ctx, claim('race'), async () => {
      runs++;
      entered();
      await gate;
      return { status: 201, body: { id: 'first' } };
    });
    await inHandler;
    const second = withIdempotency(ctx, claim('race'), async () => {
      runs++;
      return { status: 201, body: { id: 'second' } };
    }).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    if (kind === 'postgres') {
      const outcome = await second;
      expect(outcome).toMatchObject({ error: { code: 'idempotency_key_in_use', status: 409 } });
      release();
      await first;
    } else {
      // PGlite's one session is held by the first transaction: the second request can only run after it.
      setTimeout(release, 50);
      await first;
      expect(await second).toMatchObject({ response: { body: { id: 'first' }, replayed: true } });
    }
    expect(runs).toBe(1);
  });

  it('an abandoned claim (a crash mid-request) can be taken over after a minute', async () => {
    await ctx.db
      .insertInto('idempotency_keys')
      .values({
        merchant_id: merchant.id,
        key: 'abandoned',
        request_hash: 'h1',
        status: 'in_progress',
        response_status: null,
        response_body: null,
        locked_at: clock.now(),
        created_at: clock.now(),
      })
      .execute();
    await expect(
      withIdempotency(ctx, claim('abandoned'), async () => ({ status: 201, body: {} })),
    ).rejects.toMatchObject({ code: 'idempotency_key_in_use' });
    clock.advance(61_000);
    expect(
      await withIdempotency(ctx, claim('abandoned'), async () => ({ status: 201, body: { ok: 1 } })),
    ).toMatchObject({ status: 201, replayed: false });
  });

  it('keeps keys at least 24 hours', async () => {
    await withIdempotency(ctx, claim('kept'), async () => ({ status: 201, body: {} }));
    clock.advance(24 * 3600_000);
    await purgeIdempotencyKeys(ctx);
    expect(
      await withIdempotency(ctx, claim('kept'), async () => ({ status: 201, body: { again: true } })),
    ).toMatchObject({ replayed: true });
    clock.advance(25 * 3600_000);
    await purgeIdempotencyKeys(ctx);
    expect(
      await withIdempotency(ctx, claim('kept'), async () => ({ status: 201, body: { again: true } })),
    ).toMatchObject({ replayed: false });
  });
});
