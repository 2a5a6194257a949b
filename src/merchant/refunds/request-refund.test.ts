import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { SandboxBankAdapter } from '../gateway/sandbox-bank-adapter.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import {
  attemptOf,
  capturedPayment,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../payments/test-payments.ts';
import { loadPaymentResource } from '../public/resources.ts';
import { requestRefund } from './request-refund.ts';

let keys = 0;
const key = () => `test-key-${++keys}-${Date.now()}`;

async function refundEffects(kit: PaymentsKit, orderId: number, paymentPublicId: string) {
  const refunds = await kit.db.selectFrom('refunds').select('id').where('order_id', '=', orderId).execute();
  const keys = refunds.map((r) => `order_refunded:refund:${r.id}`);
  const [emails, events] = await Promise.all([
    keys.length === 0
      ? []
      : kit.db
          .selectFrom('email_outbox')
          .select(['template', 'data'])
          .where('dedupe_key', 'in', keys)
          .orderBy('id')
          .execute(),
    kit.db
      .selectFrom('events')
      .select(['type', 'data'])
      // A payment's events are about its order (their delivery keeps the order's sequence): this payment's refunds.
      .where('object_id', '=', `ord_${orderId}`)
      .where('type', '=', 'payment.refunded')
      .where(sql<string>`data -> 'payment' ->> 'id'`, '=', paymentPublicId)
      .orderBy('seq')
      .execute(),
  ]);
  return { emails, events };
}

describe.each(testDatabaseKinds())('refunding a captured payment on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('a partial then a full refund give the money back at the bank, with one email and one event each', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const total = attempt.amount_cents;
    const first = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: 1000,
      reason: 'Sconto concordato',
      idempotencyKey: key(),
      requestedBy: 'api:cassa_test_ab12',
    });
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      refund: { object: 'refund', payment: attempt.public_id, amount_cents: 1000, status: 'succeeded' },
    });
    // A partial refund leaves the payment captured and the order paid.
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    expect(await kit.db.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirst()).toEqual({
      state: 'paid',
    });
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({
      amountCapturedCents: total,
      amountRefundedCents: 1000,
    });

    const rest = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: total - 1000,
      idempotencyKey: key(),
      requestedBy: 'operator:7',
    });
    expect(rest).toMatchObject({ ok: true, refund: { amount_cents: total - 1000, status: 'succeeded', reason: '' } });
    expect((await attemptOf(kit, attempt.id)).status).toBe('refunded');
    expect(await kit.db.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirst()).toEqual({
      state: 'paid',
    });
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({
      amountRefundedCents: total,
    });

    const { emails, events } = await refundEffects(kit, order.id, attempt.public_id);
    expect(emails.map((e) => (e.data as { amountCents: number }).amountCents)).toEqual([1000, total - 1000]);
    expect(emails[0]!.data).toMatchObject({ reason: 'Sconto concordato', paidCents: total, refundedCents: 1000 });
    expect(emails[1]!.data).toMatchObject({ refundedCents: total });
    expect(events.map((e) => e.type)).toEqual(['payment.refunded', 'payment.refunded']);
    expect(events[0]!.data).toMatchObject({
      payment: { id: attempt.public_id, status: 'captured', amount_refunded_cents: 1000 },
      refund: { amount_cents: 1000, status: 'succeeded' },
    });
    expect(events[1]!.data).toMatchObject({
      payment: { status: 'refunded', amount_refunded_cents: total, refunds: [{ amount_cents: 1000 }, {}] },
    });
    expect(await loadPaymentResource(kit.db, attempt.id)).toMatchObject({
      amount_refunded_cents: total,
      refunds: [{ status: 'succeeded' }, { status: 'succeeded' }],
    });

    expect(
      await requestRefund(kit.deps, {
        paymentPublicId: attempt.public_id,
        amountCents: 1,
        idempotencyKey: key(),
        requestedBy: 'operator:7',
      }),
    ).toEqual({ ok: false, reason: 'exceeds_refundable', refundableCents: 0 });
  });

  it('more than is left is refused before the bank is asked; the rest stays refundable', async () => {
    const { attempt } = await capturedPayment(kit);
    const total = attempt.amount_cents;
    const base = { paymentPublicId: attempt.public_id, requestedBy: 'api:x' };
    expect(await requestRefund(kit.deps, { ...base, amountCents: total + 1, idempotencyKey: key() })).toEqual({
      ok: false,
      reason: 'exceeds_refundable',
      refundableCents: total,
    });
    expect(await requestRefund(kit.deps, { ...base, amountCents: 500, idempotencyKey: key() })).toMatchObject({
      ok: true,
    });
    expect(await requestRefund(kit.deps, { ...base, amountCents: total, idempotencyKey: key() })).toEqual({
      ok: false,
      reason: 'exceeds_refundable',
      refundableCents: total - 500,
    });
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ amountRefundedCents: 500 });
    for (const amountCents of [0, -5, 10.5, Number.NaN]) {
      expect(await requestRefund(kit.deps, { ...base, amountCents, idempotencyKey: key() })).toEqual({
        ok: false,
        reason: 'invalid_amount',
      });
    }
    expect(
      await requestRefund(kit.deps, { ...base, paymentPublicId: 'pa_nope', amountCents: 1, idempotencyKey: key() }),
    ).toEqual({ ok: false, reason: 'not_found' });
  });

  it('a payment not captured yet cannot be refunded', async () => {
    const order = await newOrder(kit, 'spid');
    const started = await payWithSavedCard(kit, order.number);
    await completeAttempt(kit.deps, started.id, 'return');
    expect((await attemptOf(kit, started.id)).status).toBe('authorized');
    expect(
      await requestRefund(kit.deps, {
        paymentPublicId: started.public_id,
        amountCents: 100,
        idempotencyKey: key(),
        requestedBy: 'api:x',
      }),
    ).toEqual({ ok: false, reason: 'not_captured' });
    await kit.runJobs();
  });

  it('the same key twice is one refund: one row, one refund at the bank, one email', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const request = {
      paymentPublicId: attempt.public_id,
      amountCents: 700,
      reason: 'doppio addebito',
      idempotencyKey: key(),
      requestedBy: 'api:x',
    };
    const first = await requestRefund(kit.deps, request);
    const again = await requestRefund(kit.deps, request);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await kit.db.selectFrom('refunds').select('id').where('attempt_id', '=', attempt.id).execute()).toHaveLength(
      1,
    );
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ amountRefundedCents: 700 });
    const { emails, events } = await refundEffects(kit, order.id, attempt.public_id);
    expect([emails.length, events.length]).toEqual([1, 1]);
  });

  it('a bank that does not answer leaves the refund pending; its job refunds it once, a minute later', async () => {
    const { order, attempt } = await capturedPayment(kit);
    // Nothing listens on port 9 of the loopback: a network error, as when the bank is down.
    const down = new SandboxBankAdapter({
      baseUrl: 'http://127.0.0.1:9',
      merchantId: kit.merchant.id,
      secrets: [kit.merchant.secret],
      clock: kit.clock,
    });
    const pending = await requestRefund(
      { ...kit.deps, gateway: down },
      { paymentPublicId: attempt.public_id, amountCents: 1200, idempotencyKey: key(), requestedBy: 'api:x' },
    );
    expect(pending).toMatchObject({ ok: true, refund: { status: 'pending', completed_at: null } });
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ amountRefundedCents: 0 });
    // Held while pending: what is left is refundable, no more.
    expect(
      await requestRefund(kit.deps, {
        paymentPublicId: attempt.public_id,
        amountCents: attempt.amount_cents - 1199,
        idempotencyKey: key(),
        requestedBy: 'api:x',
      }),
    ).toMatchObject({ ok: false, reason: 'exceeds_refundable', refundableCents: attempt.amount_cents - 1200 });
    expect((await refundEffects(kit, order.id, attempt.public_id)).emails).toHaveLength(0);

    kit.clock.advance(61_000);
    await kit.runJobs();
    await kit.runJobs();
    expect(await loadPaymentResource(kit.db, attempt.id)).toMatchObject({
      amount_refunded_cents: 1200,
      refunds: [{ status: 'succeeded', amount_cents: 1200 }],
    });
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ amountRefundedCents: 1200 });
    const { emails, events } = await refundEffects(kit, order.id, attempt.public_id);
    expect([emails.length, events.length]).toEqual([1, 1]);
  });

  it('a refund the bank refuses is failed with its reason, tells nobody, and frees its amount', async () => {
    const { order, attempt } = await capturedPayment(kit);
    // Refunded at the bank by other means (its own console): our refund of the whole amount is then refused there.
    await kit.gateway.refund({
      paymentSessionId: attempt.bank_session_id!,
      amountCents: attempt.amount_cents,
      idempotencyKey: `${attempt.public_id}:outside`,
    });
    const refused = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: attempt.amount_cents,
      idempotencyKey: key(),
      requestedBy: 'api:x',
    });
    expect(refused).toMatchObject({
      ok: true,
      refund: { status: 'failed', failure_reason: 'refund_exceeds_captured' },
    });
    expect((await attemptOf(kit, attempt.id)).refund_held_cents).toBe(0);
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    const { emails, events } = await refundEffects(kit, order.id, attempt.public_id);
    expect([emails.length, events.length]).toEqual([0, 0]);
  });

  it('the database itself refuses refunds above the payment, and a settled refund stays settled', async () => {
    const { attempt } = await capturedPayment(kit);
    const row = (amount: number, idempotencyKey: string) => ({
      attempt_id: attempt.id,
      order_id: attempt.order_id!,
      amount_cents: amount,
      currency: 'EUR',
      reason: '',
      status: 'pending' as const,
      idempotency_key: idempotencyKey,
      requested_by: 'test',
      created_at: kit.clock.now(),
    });
    await kit.db
      .insertInto('refunds')
      .values(row(attempt.amount_cents - 1, 'a'))
      .execute();
    await expect(kit.db.insertInto('refunds').values(row(2, 'b')).execute()).rejects.toThrow(
      /violates check constraint/,
    );
    await expect(
      kit.db.updateTable('refunds').set({ amount_cents: 1 }).where('attempt_id', '=', attempt.id).execute(),
    ).rejects.toThrow(/keeps its payment and its amount/);
    await kit.db
      .updateTable('refunds')
      .set({ status: 'failed', failure_reason: 'test', completed_at: kit.clock.now() })
      .where('attempt_id', '=', attempt.id)
      .execute();
    expect((await attemptOf(kit, attempt.id)).refund_held_cents).toBe(0);
    await expect(
      kit.db
        .updateTable('refunds')
        .set({ status: 'pending', failure_reason: null, completed_at: null })
        .where('attempt_id', '=', attempt.id)
        .execute(),
    ).rejects.toThrow(/stays so/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('concurrent refunds on PostgreSQL', () => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit('postgres', { poolSize: 30 });
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('of refunds that together exceed the payment, exactly those that fit succeed', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const each = 1000;
    const fits = Math.floor(attempt.amount_cents / each);
    const results = await Promise.all(
      Array.from({ length: fits + 4 }, (_, i) =>
        requestRefund(kit.deps, {
          paymentPublicId: attempt.public_id,
          amountCents: each,
          idempotencyKey: `concurrent-${i}`,
          requestedBy: 'api:x',
        }),
      ),
    );
    expect(results.filter((r) => r.ok && r.refund.status === 'succeeded')).toHaveLength(fits);
    expect(results.filter((r) => !r.ok && r.reason === 'exceeds_refundable')).toHaveLength(4);
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({
      amountRefundedCents: fits * each,
    });
    const refunded = await loadPaymentResource(kit.db, attempt.id);
    expect(refunded?.amount_refunded_cents).toBe(fits * each);
    expect((await refundEffects(kit, order.id, attempt.public_id)).events).toHaveLength(fits);
  });

  it('the same request sent several times at once is one refund, once at the bank', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const request = {
      paymentPublicId: attempt.public_id,
      amountCents: 900,
      idempotencyKey: 'same-key-at-once',
      requestedBy: 'api:x',
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => requestRefund(kit.deps, request)));
    const ids = new Set(results.map((r) => (r.ok ? r.refund.id : r.reason)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await kit.db.selectFrom('refunds').select('id').where('attempt_id', '=', attempt.id).execute()).toHaveLength(
      1,
    );
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id!)).toMatchObject({ amountRefundedCents: 900 });
    const { emails, events } = await refundEffects(kit, order.id, attempt.public_id);
    expect([emails.length, events.length]).toEqual([1, 1]);
  });

  it("without the code's lock, the database alone lets through only the refunds that fit", async () => {
    const { attempt } = await capturedPayment(kit);
    const each = 1000;
    const fits = Math.floor(attempt.amount_cents / each);
    const inserts = await Promise.allSettled(
      Array.from({ length: fits + 3 }, (_, i) =>
        kit.db
          .insertInto('refunds')
          .values({
            attempt_id: attempt.id,
            order_id: attempt.order_id!,
            amount_cents: each,
            currency: 'EUR',
            reason: '',
            status: 'pending',
            idempotency_key: `raw-${i}`,
            requested_by: 'test',
            created_at: kit.clock.now(),
          })
          .execute(),
      ),
    );
    expect(inserts.filter((r) => r.status === 'fulfilled')).toHaveLength(fits);
    expect((await attemptOf(kit, attempt.id)).refund_held_cents).toBe(fits * each);
  });
});
