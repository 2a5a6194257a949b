import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completePayment } from './complete-payment.ts';
import { effectsOf, marioOrder, openPaymentsKit, type PaymentsKit, payWithSavedCard } from './test-payments.ts';

/**
 * Exactly once under real concurrency. PGlite runs one statement at a time, so races cannot show there: this suite runs
 * on PostgreSQL only (TEST_DATABASE_URL, as in CI).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('exactly once on PostgreSQL', () => {
  let kit: PaymentsKit;

  beforeAll(async () => {
    kit = await openPaymentsKit('postgres', { poolSize: 60 });
  });
  afterAll(async () => {
    await kit?.close();
  });

  async function capturedAtBank(orderId: number) {
    const publicIds = (
      await kit.db.selectFrom('payment_attempts').select('public_id').where('order_id', '=', orderId).execute()
    ).map((r) => r.public_id);
    const sessions = await kit.bank.database.db
      .selectFrom('payment_sessions')
      .select(['status', 'amount_cents', 'refunded_cents'])
      .where('merchant_reference', 'in', publicIds)
      .execute();
    return sessions.filter((s) => s.status === 'captured' && s.refunded_cents < s.amount_cents).length;
  }

  it('50 concurrent completions of one attempt: one payment, one set of outbox rows', async () => {
    const order = await marioOrder(kit, 'pec');
    const attempt = await payWithSavedCard(kit, order.number);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        completePayment(kit.deps, attempt.id, (['return', 'notification', 'reconciliation'] as const)[i % 3]!),
      ),
    );
    expect(new Set(results.map((a) => a.status))).toEqual(new Set(['authorized']));
    expect(await effectsOf(kit, order.id)).toEqual({
      templates: ['payment_confirmation', 'auto_renew_activated'],
      paidEvents: 1,
      authorized: 1,
    });
    const history = await kit.db
      .selectFrom('payment_attempt_events')
      .select('to_status')
      .where('attempt_id', '=', attempt.id)
      .where('to_status', '=', 'authorized')
      .execute();
    expect(history).toHaveLength(1);
    expect(await capturedAtBank(order.id)).toBe(1);
  });

  it('20 concurrent attempts on one order, all approved by the bank: one captured payment, 19 refunded, one set of outbox rows', async () => {
    const order = await marioOrder(kit, 'spid');
    const attempts = await Promise.all(Array.from({ length: 20 }, () => payWithSavedCard(kit, order.number)));
    expect(new Set(attempts.map((a) => a.id)).size).toBe(20);
    const results = await Promise.all(
      attempts.flatMap((a) => [
        completePayment(kit.deps, a.id, 'return'),
        completePayment(kit.deps, a.id, 'notification'),
      ]),
    );
    const final = await kit.db
      .selectFrom('payment_attempts')
      .select('status')
      .where('order_id', '=', order.id)
      .execute();
    expect(final.filter((a) => a.status === 'authorized')).toHaveLength(1);
    expect(final.filter((a) => a.status === 'refunded')).toHaveLength(19);
    expect(results.some((a) => a.status === 'authorized')).toBe(true);
    expect(await effectsOf(kit, order.id)).toEqual({
      templates: ['payment_confirmation', 'auto_renew_activated'],
      paidEvents: 1,
      authorized: 1,
    });
    expect(await capturedAtBank(order.id)).toBe(1);
  });
});
