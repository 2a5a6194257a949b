import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { newMerchant, openUseCaseKit } from '../testing/use-case-kit.ts';
import { createPaymentSession, createPaymentSessionSchema } from './create-payment-session.ts';
import { findSession, transitionSession } from './payment-session-repository.ts';

describe.each(testDatabaseKinds())('transitionSession on %s', (kind) => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let ctx: BankContext;
  let database: Database<BankDatabase>;
  let merchant: Merchant;

  beforeAll(async () => {
    ({ ctx, database } = await openUseCaseKit(kind, clock));
    merchant = await newMerchant(ctx);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function newSession(): Promise<string> {
    const request = createPaymentSessionSchema.parse({
      merchant_reference: 'ORD-1',
      amount: 4880,
      currency: 'EUR',
      description: 'PEC',
      customer_reference: 'cust-1',
      return_url: 'http://shop.test/return',
      notify_url: 'http://shop.test/notify',
    });
    return (await createPaymentSession(ctx, merchant, request)).session.id;
  }

  const historyOf = (id: string) =>
    database.db
      .selectFrom('payment_session_events')
      .select(['from_status', 'to_status', 'reason', 'created_at'])
      .where('payment_session_id', '=', id)
      .orderBy('id')
      .execute();

  it('moves the session and writes its history row in the same statement, returning the row as a read maps it', async () => {
    const id = await newSession();
    const before = await historyOf(id);
    const at = new Date('2026-11-28T10:01:00Z');
    const moved = await database.db.transaction().execute((trx) =>
      transitionSession(trx, {
        id,
        from: 'created',
        to: 'awaiting_card',
        at,
        reason: 'card page opened',
        set: { locale: 'en' },
      }),
    );
    expect(moved).toEqual(await findSession(database.db, id));
    expect(moved).toMatchObject({ status: 'awaiting_card', locale: 'en', updated_at: at, refunded_cents: 0 });
    expect(moved?.created_at).toBeInstanceOf(Date);
    expect(await historyOf(id)).toEqual([
      ...before,
      { from_status: 'created', to_status: 'awaiting_card', reason: 'card page opened', created_at: at },
    ]);
  });

  it('moves nothing and writes no history row when the session is no longer in the expected state', async () => {
    const id = await newSession();
    const at = new Date('2026-11-28T10:02:00Z');
    await database.db
      .transaction()
      .execute((trx) => transitionSession(trx, { id, from: 'created', to: 'awaiting_card', at }));
    const row = await findSession(database.db, id);
    const history = await historyOf(id);
    expect(history.at(-1)).toEqual({
      from_status: 'created',
      to_status: 'awaiting_card',
      reason: null,
      created_at: at,
    });
    const again = await database.db.transaction().execute((trx) =>
      transitionSession(trx, {
        id,
        from: 'created',
        to: 'expired',
        at: new Date('2026-11-28T10:03:00Z'),
        set: { completed_at: at },
      }),
    );
    expect(again).toBeUndefined();
    expect(await findSession(database.db, id)).toEqual(row);
    expect(await historyOf(id)).toEqual(history);
  });
});
