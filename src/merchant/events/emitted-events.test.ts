import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { removeSavedCard } from '../cards/remove-card.ts';
import { createOrder } from '../orders/create-order.ts';
import { transitionAttempt } from '../payments/attempt-repository.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import { refundAttempt } from '../payments/refund-attempt.ts';
import {
  attemptOf,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
  startNewCardPayment,
} from '../payments/test-payments.ts';
import { publicId } from '../public/public-ids.ts';
import { loadOrderResource } from '../public/resources.ts';
import { switchAutoRenewOff } from '../renewals/auto-renew.ts';
import { cancelAwaitingOrder } from '../renewals/cancel-order.ts';
import { eventsOf } from './testing/events-of.ts';

/**
 * The events the orders, payments and cards use cases write: one per change, about the right object, carrying the
 * resource as the API shows it, and none when the change does not commit. (Renewal events: renewal-pass.test.ts.)
 */
describe.each(testDatabaseKinds())('events of orders, payments and cards on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  });
  afterAll(() => kit?.close());

  it('order.created, once, with the order; an order whose transaction aborts leaves no event', async () => {
    const order = await newOrder(kit, 'spid');
    const [created, ...more] = await eventsOf(kit.db, 'order.created', publicId('order', order.id));
    expect(more).toEqual([]);
    expect(created?.data).toMatchObject({
      order: { id: publicId('order', order.id), object: 'order', number: order.number, state: 'awaiting_payment' },
    });
    const before = await kit.db.selectFrom('events').select('seq').execute();
    const subscription = await kit.db
      .selectFrom('subscriptions')
      .select('id')
      .where('customer_id', '=', kit.marioId)
      .executeTakeFirstOrThrow();
    await expect(
      kit.db.transaction().execute(async (trx) => {
        await createOrder(
          trx,
          { customerId: kit.marioId, subscriptionId: subscription.id, kind: 'renewal', periodYears: 1 },
          { clock: kit.clock, timeZone: kit.deps.timeZone },
        );
        throw new Error('aborted');
      }),
    ).rejects.toThrow('aborted');
    expect(await kit.db.selectFrom('events').select('seq').execute()).toHaveLength(before.length);
  });

  it('order.paid once with the payment; auto_renew.enabled when paying switched it on; payment.refunded once', async () => {
    const order = await newOrder(kit, 'pec');
    await kit.db
      .updateTable('subscriptions')
      .set({ auto_renew: false, auto_renew_card_id: null })
      .where('id', '=', order.subscription_id)
      .execute();
    const attempt = await payWithSavedCard(kit, order.number);
    await completeAttempt(kit.deps, attempt.id, 'return');
    await completeAttempt(kit.deps, attempt.id, 'notification'); // heard twice: still one event
    const paid = await eventsOf(kit.db, 'order.paid', publicId('order', order.id));
    expect(paid).toHaveLength(1);
    // Built from the order row and lines the payment's transaction held (issue 14): what a fresh read gives.
    expect(paid[0]?.data).toEqual({ order: await loadOrderResource(kit.db, order.id) });
    expect(paid[0]?.data).toMatchObject({
      order: { state: 'paid', payment: { id: attempt.public_id, object: 'payment', card: { last4: '4444' } } },
    });
    const enabled = await eventsOf(kit.db, 'auto_renew.enabled', publicId('service', order.subscription_id));
    expect(enabled).toHaveLength(1);
    expect(enabled[0]?.data).toMatchObject({
      service: { auto_renew: { enabled: true, card: publicId('card', kit.marioCardId) } },
    });

    await kit.runJobs(); // captured
    const captured = await attemptOf(kit, attempt.id);
    expect(captured.status).toBe('captured');
    // The whole-attempt refund (as for a second payment of a paid order): the attempt is owed back.
    await transitionAttempt(kit.db, {
      attemptId: attempt.id,
      from: 'captured',
      to: 'refund_pending',
      reason: 'test',
      at: kit.clock.now(),
    });
    await refundAttempt(kit.deps, attempt.id);
    await refundAttempt(kit.deps, attempt.id);
    const refunded = await eventsOf(kit.db, 'payment.refunded', publicId('order', order.id));
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.data).toMatchObject({
      payment: { id: attempt.public_id, status: 'refunded' },
      order: { id: publicId('order', order.id) },
    });
  });

  it('payment.failed once for a declined card, about its order; card.saved once for a new card', async () => {
    const declinedOrder = await newOrder(kit, 'firma_digitale');
    const started = await startNewCardPayment(kit, declinedOrder.number);
    await new HostedClient(kit.bank).enterCardAndSubmit(started.url, { number: '4000000000009995' });
    await completeAttempt(kit.deps, started.attempt.id, 'return');
    await completeAttempt(kit.deps, started.attempt.id, 'reconciliation');
    const failed = await eventsOf(kit.db, 'payment.failed', publicId('order', declinedOrder.id));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({
      payment: { id: started.attempt.public_id, status: 'declined', decline_reason: 'insufficient_funds' },
      order: { state: 'awaiting_payment', attempts: { count: 1, last_status: 'declined' } },
    });

    const order = await newOrder(kit, 'marca_temporale');
    const again = await startNewCardPayment(kit, order.number);
    await new HostedClient(kit.bank).enterCardAndSubmit(again.url, {
      number: '5555555555554444',
      holder: 'Mario Rossi',
    });
    const paid = await completeAttempt(kit.deps, again.attempt.id, 'return');
    expect(paid.saved_card_id).not.toBeNull();
    const saved = await eventsOf(kit.db, 'card.saved', publicId('card', paid.saved_card_id as number));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.data).toEqual({
      card: expect.objectContaining({ object: 'card', last4: '4444', brand: expect.any(String) }),
    });
    expect(JSON.stringify(saved[0]?.data)).not.toMatch(/token/i);
  });

  it('order.cancelled once; auto_renew.disabled for the customer asking and for each service on a removed card, with card.removed', async () => {
    const order = await newOrder(kit, 'spid');
    expect(
      await cancelAwaitingOrder(
        { db: kit.db, clock: kit.clock, timeZone: kit.deps.timeZone },
        { customerId: kit.marioId, orderNumber: order.number },
      ),
    ).toMatchObject({ ok: true });
    const cancelled = await eventsOf(kit.db, 'order.cancelled', publicId('order', order.id));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]?.data).toMatchObject({ order: { state: 'cancelled' } });

    const [first] = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', kit.marioId)
      .where('auto_renew', '=', true)
      .orderBy('id')
      .execute();
    const deps = { db: kit.db, clock: kit.clock, timeZone: kit.deps.timeZone, leadDays: 7 };
    expect(await switchAutoRenewOff(deps, { customerId: kit.marioId, subscriptionId: first?.id as number })).toEqual({
      ok: true,
    });
    const disabled = await eventsOf(kit.db, 'auto_renew.disabled', publicId('service', first?.id as number));
    expect(disabled).toHaveLength(1);
    expect(disabled[0]?.data).toMatchObject({ service: { auto_renew: { enabled: false, card: null } } });

    kit.clock.advance(60_000);
    // Two services renewing on the card; removing it switches both off, each with its event.
    const renewing = await kit.db
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: kit.marioCardId })
      .where('customer_id', '=', kit.marioId)
      .where('product_code', 'in', ['pec', 'conservazione'])
      .returningAll()
      .execute();
    expect(renewing).toHaveLength(2);
    expect(
      await removeSavedCard(
        { db: kit.db, gateway: kit.gateway, clock: kit.clock },
        { customerId: kit.marioId, cardId: kit.marioCardId },
      ),
    ).toMatchObject({ ok: true });
    const removed = await eventsOf(kit.db, 'card.removed', publicId('card', kit.marioCardId));
    expect(removed).toHaveLength(1);
    expect(removed[0]?.data).toMatchObject({ card: { id: publicId('card', kit.marioCardId), last4: '4444' } });
    for (const service of renewing) {
      const events = await eventsOf(kit.db, 'auto_renew.disabled', publicId('service', service.id));
      expect(events.at(-1)?.data).toMatchObject({
        service: { id: publicId('service', service.id), auto_renew: { enabled: false } },
      });
      expect(events.filter((e) => e.created_at.getTime() === kit.clock.now().getTime())).toHaveLength(1);
    }
  });
});
