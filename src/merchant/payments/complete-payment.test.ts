import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueNotifications } from '../../bank/notifications/notification-delivery.ts';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { signPayload } from '../../shared/signing.ts';
import { SandboxBankAdapter } from '../gateway/sandbox-bank-adapter.ts';
import { createOrder } from '../orders/create-order.ts';
import { completePayment } from './complete-payment.ts';
import { reconcilePayments } from './reconcile-payments.ts';
import { newAttemptPublicId, startPayment } from './start-payment.ts';
import {
  attemptOf,
  effectsOf,
  marioOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from './test-payments.ts';

describe.each(testDatabaseKinds())('completing a payment on %s', (kind) => {
  let kit: PaymentsKit;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  });
  afterAll(async () => {
    await kit?.close();
  });

  async function waitFor(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('condition not reached');
  }

  it('the notification alone completes the order when the browser never comes back', async () => {
    const order = await marioOrder(kit, 'pec');
    const attempt = await payWithSavedCard(kit, order.number);
    expect((await attemptOf(kit, attempt.id)).status).toBe('redirected');
    expect(await deliverDueNotifications(kit.bank.ctx)).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await attemptOf(kit, attempt.id)).status === 'authorized');
    expect(await effectsOf(kit, order.id)).toEqual({
      templates: ['payment_confirmation', 'auto_renew_activated'],
      paidEvents: 1,
      authorized: 1,
    });
    const event = await kit.db.selectFrom('gateway_events').selectAll().executeTakeFirstOrThrow();
    expect(event.processed_at).not.toBeNull();
  });

  it('tells the customer the renewal date from the configured lead time', async () => {
    const service = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', kit.marioId)
      .where('product_code', '=', 'conservazione')
      .executeTakeFirstOrThrow();
    const order = await createOrder(
      kit.db,
      { customerId: kit.marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock: kit.clock, timeZone: kit.deps.timeZone },
    );
    const attempt = await payWithSavedCard(kit, order.number);
    await completePayment({ ...kit.deps, renewalLeadDays: 10 }, attempt.id, 'return');
    const extended = await kit.db
      .selectFrom('subscriptions')
      .select('expires_on')
      .where('id', '=', service.id)
      .executeTakeFirstOrThrow();
    const activation = await kit.db
      .selectFrom('email_outbox')
      .select('data')
      .where('template', '=', 'auto_renew_activated')
      .where('dedupe_key', 'like', `%:order:${order.id}`)
      .executeTakeFirstOrThrow();
    const tenDaysBefore = new Date(`${extended.expires_on}T00:00:00Z`);
    tenDaysBefore.setUTCDate(tenDaysBefore.getUTCDate() - 10);
    expect(activation.data.nextRenewalDate).toBe(tenDaysBefore.toISOString().slice(0, 10));
  });

  it('the return alone completes it when notifications are blocked; then return, notification and reconciliation again change nothing', async () => {
    const order = await marioOrder(kit, 'spid');
    const attempt = await payWithSavedCard(kit, order.number);
    const back = await fetch(`${kit.payUrl}/return/${attempt.public_id}?session_id=x&status=authorized`, {
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/payments/${attempt.public_id}`);
    expect((await attemptOf(kit, attempt.id)).status).toBe('authorized');
    const expected = { templates: ['payment_confirmation', 'auto_renew_activated'], paidEvents: 1, authorized: 1 };
    expect(await effectsOf(kit, order.id)).toEqual(expected);

    await fetch(`${kit.payUrl}/return/${attempt.public_id}`, { redirect: 'manual' });
    await deliverDueNotifications(kit.bank.ctx);
    await waitFor(async () => {
      const row = await kit.db
        .selectFrom('gateway_events')
        .select('processed_at')
        .where('bank_session_id', '=', attempt.bank_session_id!)
        .executeTakeFirst();
      return Boolean(row?.processed_at);
    });
    await completePayment(kit.deps, attempt.id, 'reconciliation');
    expect(await effectsOf(kit, order.id)).toEqual(expected);
    const subscription = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    expect(subscription.auto_renew).toBe(true);
  });

  it('with both blocked, the reconciliation completes it once the challenge window has passed', async () => {
    const order = await marioOrder(kit, 'fatturazione_pa');
    const attempt = await payWithSavedCard(kit, order.number);
    expect((await reconcilePayments(kit.deps)).examined).toBe(0);
    kit.clock.advance(16 * 60_000);
    const summary = await reconcilePayments(kit.deps);
    expect(summary).toMatchObject({ authorized: 1, errors: 0 });
    expect((await attemptOf(kit, attempt.id)).status).toBe('authorized');
    expect((await effectsOf(kit, order.id)).paidEvents).toBe(1);
  });

  it('a double click on "Procedi" makes one attempt and one bank session', async () => {
    const order = await marioOrder(kit, 'firma_digitale');
    const requestKey = newAttemptPublicId();
    const input = {
      customerId: kit.marioId,
      orderNumber: order.number,
      card: kit.marioCardId,
      requestKey,
      locale: 'it' as const,
    };
    const [a, b] = await Promise.all([startPayment(kit.deps, input), startPayment(kit.deps, input)]);
    expect(a.kind).toBe('redirect');
    expect(b.kind).toBe('redirect');
    if (a.kind !== 'redirect' || b.kind !== 'redirect') return;
    expect(b.attempt.id).toBe(a.attempt.id);
    expect(b.url).toBe(a.url);
    const sessions = await kit.bank.database.db
      .selectFrom('payment_sessions')
      .select('id')
      .where('merchant_reference', '=', a.attempt.public_id)
      .execute();
    expect(sessions).toHaveLength(1);
  });

  it('two tabs approved by the bank: one pays the order, the other is refunded automatically and says so', async () => {
    const order = await marioOrder(kit, 'firma_digitale');
    const first = await payWithSavedCard(kit, order.number);
    const second = await payWithSavedCard(kit, order.number);
    const [a, b] = await Promise.all([
      completePayment(kit.deps, first.id, 'return'),
      completePayment(kit.deps, second.id, 'return'),
    ]);
    expect([a.status, b.status].sort()).toEqual(['authorized', 'refunded']);
    const refunded = a.status === 'refunded' ? a : b;
    const session = await kit.gateway.getPaymentSession(refunded.bank_session_id!);
    expect(session?.amountRefundedCents).toBe(order.total_cents);
    expect(await effectsOf(kit, order.id)).toEqual({
      templates: ['payment_confirmation'],
      paidEvents: 1,
      authorized: 1,
    });
    // The customer is told by email as well, once, whoever completes the refunded attempt again.
    await completePayment(kit.deps, refunded.id, 'reconciliation');
    const told = await kit.db
      .selectFrom('email_outbox')
      .select(['template', 'data', 'to_address'])
      .where('dedupe_key', '=', `payment_refunded:attempt:${refunded.id}`)
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      template: 'payment_refunded',
      to_address: 'mario.rossi@example.com',
      data: { orderNumber: order.number, amountCents: order.total_cents, card: { last4: '4444' } },
    });
    // A third tab that only now clicks "Procedi" is told the order is paid, without reaching the bank.
    const late = await startPayment(kit.deps, {
      customerId: kit.marioId,
      orderNumber: order.number,
      card: kit.marioCardId,
      requestKey: newAttemptPublicId(),
      locale: 'it',
    });
    expect(late.kind).toBe('order_paid');
  });

  it('a declined card leaves the order awaiting payment, with the reason recorded', async () => {
    const order = await kit.db
      .selectFrom('orders')
      .selectAll()
      .where('customer_id', '!=', kit.marioId)
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    const started = await startPayment(kit.deps, {
      customerId: order.customer_id,
      orderNumber: order.number,
      card: 'new',
      requestKey: newAttemptPublicId(),
      locale: 'en',
    });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    await new HostedClient(kit.bank).enterCardAndSubmit(started.url, { number: '4000000000009995' });
    const attempt = await completePayment(kit.deps, started.attempt.id, 'return');
    expect(attempt).toMatchObject({ status: 'declined', decline_reason: 'insufficient_funds', card_last4: '9995' });
    expect(
      (await kit.db.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirstOrThrow()).state,
    ).toBe('awaiting_payment');
    expect(await kit.db.selectFrom('saved_cards').select('id').where('last4', '=', '9995').execute()).toHaveLength(0);
  });

  it('the reconciliation abandons an attempt the bank let expire, and one the bank never received', async () => {
    const order = await kit.db
      .selectFrom('orders')
      .selectAll()
      .where('customer_id', '!=', kit.marioId)
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    const started = await startPayment(kit.deps, {
      customerId: order.customer_id,
      orderNumber: order.number,
      card: 'new',
      requestKey: newAttemptPublicId(),
      locale: 'en',
    });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    const offline = new SandboxBankAdapter({
      baseUrl: 'http://127.0.0.1:9',
      merchantId: kit.merchant.id,
      secrets: [kit.merchant.secret],
      clock: kit.clock,
    });
    const lost = await startPayment(
      { ...kit.deps, gateway: offline },
      {
        customerId: order.customer_id,
        orderNumber: order.number,
        card: 'new',
        requestKey: newAttemptPublicId(),
        locale: 'en',
      },
    );
    expect(lost.kind).toBe('bank_unavailable');
    kit.clock.advance(31 * 60_000);
    await reconcilePayments(kit.deps);
    expect((await attemptOf(kit, started.attempt.id)).status).toBe('abandoned');
    const orphan = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('bank_session_id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(orphan.status).toBe('abandoned');
  });

  it('refuses notifications with a bad or stale signature (401) and stores a repeated event once', async () => {
    const body = JSON.stringify({ id: 'evt_test', type: 'payment_session.authorized', payment_session: {} });
    const bad = await fetch(`${kit.payUrl}/notifications/bank`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Cassa-Signature': signPayload('wrong-secret-wrong-secret', body, kit.clock.now()),
      },
      body,
    });
    expect(bad.status).toBe(401);
    const stale = await fetch(`${kit.payUrl}/notifications/bank`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Cassa-Signature': signPayload(kit.merchant.secret, body, new Date(kit.clock.now().getTime() - 10 * 60_000)),
      },
      body,
    });
    expect(stale.status).toBe(401);
    const delivered = await kit.bank.database.db
      .selectFrom('notifications')
      .select('payload')
      .executeTakeFirstOrThrow();
    const send = () =>
      fetch(`${kit.payUrl}/notifications/bank`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Cassa-Signature': signPayload(kit.merchant.secret, delivered.payload, kit.clock.now()),
        },
        body: delivered.payload,
      });
    const [one, two] = [await send(), await send()];
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    const id = JSON.parse(delivered.payload).id as string;
    expect(
      await kit.db.selectFrom('gateway_events').select('event_id').where('event_id', '=', id).execute(),
    ).toHaveLength(1);
  });
});
