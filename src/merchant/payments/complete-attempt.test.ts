import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueNotifications } from '../../bank/notifications/notification-delivery.ts';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { signPayload } from '../../shared/signing.ts';
import { SandboxBankAdapter } from '../gateway/sandbox-bank-adapter.ts';
import { createOrder } from '../orders/create-order.ts';
import { completeAttempt } from './complete-attempt.ts';
import { flagAttempt } from './flag-attempt.ts';
import { newAttemptPublicId, startPayment } from './start-payment.ts';
import {
  attemptOf,
  effectsOf,
  marioOrder,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
  startNewCardPayment,
} from './test-payments.ts';

describe.each(testDatabaseKinds())('completing a payment attempt on %s', (kind) => {
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
      paidBy: 1,
    });
    const event = await kit.db.selectFrom('gateway_events').selectAll().executeTakeFirstOrThrow();
    expect(event.processed_at).not.toBeNull();
    // Recorded first, captured after, by the capture job written with the payment: one capture at the bank.
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ status: 'authorized' });
    await kit.runJobs();
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({
      status: 'captured',
      amountCapturedCents: order.total_cents,
    });
  });

  it('tells the customer the renewal date from the configured lead time', async () => {
    const service = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', kit.marioId)
      .where('product_code', '=', 'conservazione')
      .executeTakeFirstOrThrow();
    // The demo's Conservazione renews automatically already: off first, so that paying switches it on again.
    await kit.db
      .updateTable('subscriptions')
      .set({ auto_renew: false, auto_renew_card_id: null })
      .where('id', '=', service.id)
      .execute();
    const order = await createOrder(
      kit.db,
      { customerId: kit.marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock: kit.clock, timeZone: kit.deps.timeZone },
    );
    const attempt = await payWithSavedCard(kit, order.number);
    await completeAttempt({ ...kit.deps, renewalLeadDays: 10 }, attempt.id, 'return');
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
    const expected = { templates: ['payment_confirmation', 'auto_renew_activated'], paidEvents: 1, paidBy: 1 };
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
    await completeAttempt(kit.deps, attempt.id, 'reconciliation');
    expect(await effectsOf(kit, order.id)).toEqual(expected);
    const subscription = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    expect(subscription.auto_renew).toBe(true);
  });

  it('with both blocked, the attempt’s reconciliation job completes it a minute later, and `reconcile` does too', async () => {
    const order = await newOrder(kit, 'fatturazione_pa');
    const attempt = await payWithSavedCard(kit, order.number);
    await kit.runJobs();
    expect((await attemptOf(kit, attempt.id)).status).toBe('redirected');
    kit.clock.advance(61_000);
    await kit.runJobs();
    expect((await attemptOf(kit, attempt.id)).status).toBe('authorized');
    await kit.runJobs();
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    expect((await effectsOf(kit, order.id)).paidEvents).toBe(1);

    const spid = await newOrder(kit, 'spid');
    const other = await payWithSavedCard(kit, spid.number);
    await kit.reconcile();
    expect((await attemptOf(kit, other.id)).status).toBe('redirected');
    kit.clock.advance(16 * 60_000);
    expect(await kit.reconcile()).toMatchObject({ paid: 1, errors: 0, followUps: 1 });
    expect((await attemptOf(kit, other.id)).status).toBe('captured');
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
      sessionRef: 'session-a',
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

  it('a second tab asking the same card joins the open attempt; another card supersedes it, cancelled at the bank first', async () => {
    const order = await newOrder(kit, 'firma_digitale');
    const form = (sessionRef: string, card: number | 'new', extra: { supersedes?: string } = {}) =>
      startPayment(kit.deps, {
        customerId: kit.marioId,
        orderNumber: order.number,
        card,
        requestKey: newAttemptPublicId(),
        locale: 'it',
        sessionRef,
        ...extra,
      });
    const first = await form('tabs', 'new');
    if (first.kind !== 'redirect') throw new Error(first.kind);
    // Same session, same card: the same attempt, shown on its page (which links back to the same bank session).
    const joined = await form('tabs', 'new');
    expect(joined).toMatchObject({ kind: 'in_progress', attempt: { id: first.attempt.id } });
    // Another window (another session) asking anything: shown the open attempt, nothing new at the bank.
    expect(await form('other-window', kit.marioCardId)).toMatchObject({
      kind: 'in_progress',
      attempt: { id: first.attempt.id },
    });
    // The same session choosing another card supersedes it: the first session is cancelled at the bank.
    const second = await form('tabs', kit.marioCardId);
    if (second.kind !== 'redirect') throw new Error(second.kind);
    expect(second.attempt.id).not.toBe(first.attempt.id);
    expect((await attemptOf(kit, first.attempt.id)).status).toBe('cancelled');
    expect((await kit.gateway.getPaymentSession(first.attempt.bank_session_id!))?.status).toBe('cancelled');
    // The first tab's bank page can no longer pay.
    const page = await new HostedClient(kit.bank).get(first.url);
    expect(page).toMatch(/annullato/i);
    expect((await kit.gateway.getPaymentSession(first.attempt.bank_session_id!))?.status).toBe('cancelled');
    // The other window may replace it explicitly from its card page.
    const third = await form('other-window', 'new', { supersedes: second.attempt.public_id });
    if (third.kind !== 'redirect') throw new Error(third.kind);
    expect((await attemptOf(kit, second.attempt.id)).status).toBe('cancelled');
    const sessions = await kit.bank.database.db
      .selectFrom('payment_sessions')
      .select('status')
      .where('merchant_reference', 'in', [first.attempt.public_id, second.attempt.public_id, third.attempt.public_id])
      .execute();
    expect(sessions.map((s) => s.status).sort()).toEqual(['cancelled', 'cancelled', 'created']);
  });

  it('superseding an attempt the bank had just authorized pays the order with it, and nothing new is charged', async () => {
    const order = await newOrder(kit, 'marca_temporale');
    const first = await payWithSavedCard(kit, order.number, newAttemptPublicId());
    // Authorized at the bank (the browser went there), not yet recorded here: no return, no notification.
    expect((await attemptOf(kit, first.id)).status).toBe('redirected');
    const again = await startPayment(kit.deps, {
      customerId: kit.marioId,
      orderNumber: order.number,
      card: 'new',
      requestKey: newAttemptPublicId(),
      locale: 'it',
      sessionRef: null,
      supersedes: first.public_id,
    });
    expect(again.kind).toBe('order_paid');
    expect((await attemptOf(kit, first.id)).status).toBe('authorized');
    expect(
      await kit.db.selectFrom('payment_attempts').select('id').where('order_id', '=', order.id).execute(),
    ).toHaveLength(1);
  });

  it('an authorization that arrives for an order already paid is voided, never captured', async () => {
    const order = await newOrder(kit, 'conservazione');
    const stray = await payWithSavedCard(kit, order.number);
    // The reconciliation gave up on it (say the bank did not know it for a day): no longer open.
    await flagAttempt(kit.deps, await attemptOf(kit, stray.id), 'test: the bank did not know it');
    const paying = await payWithSavedCard(kit, order.number);
    await completeAttempt(kit.deps, paying.id, 'return');
    expect((await attemptOf(kit, paying.id)).status).toBe('authorized');
    // Now the bank's answer for the stray one is heard: the order is paid already.
    expect((await completeAttempt(kit.deps, stray.id, 'notification')).status).toBe('void_pending');
    await kit.runJobs();
    expect((await attemptOf(kit, stray.id)).status).toBe('voided');
    expect((await attemptOf(kit, paying.id)).status).toBe('captured');
    expect(await kit.gateway.getPaymentSession(stray.bank_session_id!)).toMatchObject({
      status: 'voided',
      amountCapturedCents: 0,
    });
    expect(await effectsOf(kit, order.id)).toMatchObject({ paidEvents: 1, paidBy: 1 });
    expect(
      await kit.db.selectFrom('email_outbox').select('id').where('template', '=', 'payment_refunded').execute(),
    ).toEqual([]);
    // A late "Procedi" is told the order is paid, without reaching the bank.
    const late = await startPayment(kit.deps, {
      customerId: kit.marioId,
      orderNumber: order.number,
      card: kit.marioCardId,
      requestKey: newAttemptPublicId(),
      locale: 'it',
      sessionRef: null,
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
      sessionRef: null,
    });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    await new HostedClient(kit.bank).enterCardAndSubmit(started.url, { number: '4000000000009995' });
    const attempt = await completeAttempt(kit.deps, started.attempt.id, 'return');
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
    const offline = new SandboxBankAdapter({
      baseUrl: 'http://127.0.0.1:9',
      merchantId: kit.merchant.id,
      secrets: [kit.merchant.secret],
      clock: kit.clock,
    });
    const form = {
      customerId: order.customer_id,
      orderNumber: order.number,
      card: 'new' as const,
      locale: 'en' as const,
    };
    const lost = await startPayment(
      { ...kit.deps, gateway: offline },
      { ...form, requestKey: newAttemptPublicId(), sessionRef: 's' },
    );
    expect(lost.kind).toBe('bank_unavailable');
    const orphan = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('bank_session_id', 'is', null)
      .executeTakeFirstOrThrow();
    // Half a minute later, a new "Procedi" finds the orphan never reached the bank, ends it and starts afresh.
    kit.clock.advance(31_000);
    const started = await startPayment(kit.deps, { ...form, requestKey: newAttemptPublicId(), sessionRef: 's' });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    expect((await attemptOf(kit, orphan.id)).status).toBe('abandoned');
    // The bank lets the new one expire; the reconciliation says so.
    kit.clock.advance(31 * 60_000);
    expect(await kit.reconcile()).toMatchObject({ abandoned: expect.any(Number), stillOpen: 0, errors: 0 });
    expect((await attemptOf(kit, started.attempt.id)).status).toBe('abandoned');
  });

  it('an attempt the bank does not know is asked again from 1 minute to a day apart, then left for an operator', async () => {
    const order = await newOrder(kit, 'pec');
    const attempt = await payWithSavedCard(kit, order.number);
    // The bank loses the session (as if it were never there): the attempt's id names nothing at the bank any more.
    await kit.db
      .updateTable('payment_attempts')
      .set({ bank_session_id: `ps_${'e'.repeat(32)}` })
      .where('id', '=', attempt.id)
      .execute();
    const job = () =>
      kit.db
        .selectFrom('jobs')
        .selectAll()
        .where('singleton_key', '=', `payment.reconcile:${attempt.id}`)
        .executeTakeFirstOrThrow();
    const gaps: number[] = [];
    for (let tries = 0; tries < 20 && (await attemptOf(kit, attempt.id)).status === 'redirected'; tries++) {
      const before = await job();
      kit.clock.set(before.run_at);
      await kit.runJobs();
      const after = await job();
      if (after.status === 'queued') gaps.push(Math.round((after.run_at.getTime() - before.run_at.getTime()) / 60_000));
    }
    // 1, 2, 4 … minutes (±10 %), at most a day; after the last try, the attempt waits for a person.
    expect(gaps[0]).toBeGreaterThanOrEqual(1);
    expect(gaps[0]).toBeLessThanOrEqual(2);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(1296);
    expect(gaps.at(-1)).toBeLessThanOrEqual(1584);
    expect(gaps).toHaveLength(13);
    expect(await attemptOf(kit, attempt.id)).toMatchObject({
      status: 'needs_attention',
      attention_reason: 'still open at the bank after the last reconciliation',
    });
    expect((await job()).status).toBe('failed');
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

  it('answers a signed notification that is JSON but not an event (null, [], a number) with 400, never a 500', async () => {
    for (const body of ['null', '[]', '3', '{"id":"evt_x","type":"payment_session.captured","payment_session":null}']) {
      const response = await fetch(`${kit.payUrl}/notifications/bank`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Cassa-Signature': signPayload(kit.merchant.secret, body, kit.clock.now()),
        },
        body,
      });
      expect(response.status, body).toBe(400);
    }
  });

  it('"Annulla pagamento" at the bank abandons the attempt: nothing charged, the order still awaits payment, payable again', async () => {
    const order = await newOrder(kit, 'conservazione');
    const started = await startNewCardPayment(kit, order.number);
    const browser = new HostedClient(kit.bank);
    const bankPage = new URL(started.url).pathname;
    await browser.get(started.url);
    await browser.post(`${bankPage}/cancel`, {});
    await browser.get(`${bankPage}/return`);
    // The browser is back at the shop's return URL, which reads the bank's session: cancelled by the customer.
    expect(browser.lastUrl.startsWith(`${kit.payUrl}/return/${started.attempt.public_id}?`)).toBe(true);
    const back = await fetch(browser.lastUrl, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(await attemptOf(kit, started.attempt.id)).toMatchObject({ status: 'abandoned', card_last4: null });
    const history = await kit.db
      .selectFrom('payment_attempt_events')
      .select('reason')
      .where('attempt_id', '=', started.attempt.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(history.reason).toContain('cancelled by the customer at the bank');
    expect(await effectsOf(kit, order.id)).toEqual({ templates: [], paidEvents: 0, paidBy: 0 });
    expect(
      (await kit.db.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirstOrThrow()).state,
    ).toBe('awaiting_payment');
    // The bank's notification of the same ending, and the reconciliation, change nothing more.
    await deliverDueNotifications(kit.bank.ctx);
    await completeAttempt(kit.deps, started.attempt.id, 'reconciliation');
    expect((await attemptOf(kit, started.attempt.id)).status).toBe('abandoned');
    const paid = await payWithSavedCard(kit, order.number);
    expect((await completeAttempt(kit.deps, paid.id, 'return')).status).toBe('authorized');
  });
});
