import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { DEFAULT_BUSINESS_TIME_ZONE } from '../../shared/business-time.ts';
import { ManualClock } from '../../shared/clock.ts';
import { DEMO_MARIO, seedDemoData } from '../demo/demo-data.ts';
import { createOrder } from '../orders/create-order.ts';
import { transitionOrder } from '../orders/order-repository.ts';
import { findAttemptById, insertAttempt, transitionAttempt } from './attempt-repository.ts';
import { newAttemptPublicId } from './public-ids.ts';

/** The writes that carry their history row in the same statement (a data-modifying CTE), on both engines. */
describe.each(testDatabaseKinds())('attempt and order moves with their history on %s', (kind) => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let database: Database<MerchantDatabase>;
  let mario: { id: number };

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    await seedDemoData(database.db, { clock, timeZone: DEFAULT_BUSINESS_TIME_ZONE });
    mario = await database.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function newOrder() {
    const service = await database.db
      .selectFrom('subscriptions')
      .select('id')
      .where('customer_id', '=', mario.id)
      .where('product_code', '=', 'pec')
      .executeTakeFirstOrThrow();
    return createOrder(
      database.db,
      { customerId: mario.id, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock, timeZone: DEFAULT_BUSINESS_TIME_ZONE },
    );
  }

  const history = (attemptId: number) =>
    database.db
      .selectFrom('payment_attempt_events')
      .select(['from_status', 'to_status', 'reason', 'at'])
      .where('attempt_id', '=', attemptId)
      .orderBy('id')
      .execute();

  it('an attempt is inserted with its first history row, and a second insert of the same form writes neither', async () => {
    const order = await newOrder();
    const at = new Date('2026-11-28T10:01:00Z');
    const values = {
      publicId: newAttemptPublicId(),
      purpose: 'order_payment' as const,
      gateway: 'sandbox',
      orderId: order.id,
      customerId: mario.id,
      requestKey: `form-key-of-order-${order.id}`,
      amountCents: order.total_cents,
      currency: order.currency,
      savedCardId: null,
      at,
    };
    const first = await database.db.transaction().execute((trx) => insertAttempt(trx, values));
    expect(first.kind).toBe('created');
    if (first.kind !== 'created') return;
    // Returned as a read maps it: numbers, dates, booleans alike.
    expect(first.attempt).toEqual(await findAttemptById(database.db, first.attempt.id));
    expect(await history(first.attempt.id)).toEqual([
      { from_status: null, to_status: 'created', reason: 'created', at },
    ]);

    const again = await database.db
      .transaction()
      .execute((trx) => insertAttempt(trx, { ...values, publicId: newAttemptPublicId() }));
    expect(again.kind).toBe('exists');
    expect(await history(first.attempt.id)).toHaveLength(1);
  });

  it('an attempt moves with its history row; a move from a state it has left writes nothing', async () => {
    const order = await newOrder();
    const created = await database.db.transaction().execute((trx) =>
      insertAttempt(trx, {
        publicId: newAttemptPublicId(),
        purpose: 'order_payment',
        gateway: 'sandbox',
        orderId: order.id,
        customerId: mario.id,
        requestKey: `form-key-of-order-${order.id}`,
        amountCents: order.total_cents,
        currency: order.currency,
        savedCardId: null,
        at: clock.now(),
      }),
    );
    if (created.kind !== 'created') throw new Error(created.kind);
    const at = new Date('2026-11-28T10:02:00Z');
    const moved = await transitionAttempt(database.db, {
      attemptId: created.attempt.id,
      from: 'created',
      to: 'redirected',
      reason: 'bank session created',
      at,
      set: { bank_session_id: 'ps_test', redirect_url: 'http://bank.test/pay' },
    });
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.attempt).toEqual(await findAttemptById(database.db, created.attempt.id));
    expect(moved.attempt).toMatchObject({ status: 'redirected', bank_session_id: 'ps_test', updated_at: at });
    const stale = await transitionAttempt(database.db, {
      attemptId: created.attempt.id,
      from: 'created',
      to: 'redirected',
      reason: 'again',
      at,
    });
    expect(stale).toEqual({ ok: false, reason: 'state_changed' });
    expect((await history(created.attempt.id)).map((row) => [row.from_status, row.to_status, row.reason])).toEqual([
      [null, 'created', 'created'],
      ['created', 'redirected', 'bank session created'],
    ]);
  });

  it('an order moves with its history row at the time given; a stale move writes nothing', async () => {
    const order = await newOrder();
    const at = new Date('2026-11-28T10:03:00Z');
    const change = {
      orderId: order.id,
      from: 'awaiting_payment' as const,
      to: 'cancelled' as const,
      reason: 'test',
      at,
    };
    const moved = await transitionOrder(database.db, change);
    expect(moved.ok && moved.order).toMatchObject({ state: 'cancelled', cancelled_at: at });
    expect(await transitionOrder(database.db, change)).toEqual({ ok: false, reason: 'state_changed' });
    const events = await database.db
      .selectFrom('order_events')
      .select(['from_state', 'to_state', 'reason', 'at'])
      .where('order_id', '=', order.id)
      .orderBy('id')
      .execute();
    expect(events.at(-1)).toEqual({ from_state: 'awaiting_payment', to_state: 'cancelled', reason: 'test', at });
    expect(events.filter((event) => event.to_state === 'cancelled')).toHaveLength(1);
  });
});
