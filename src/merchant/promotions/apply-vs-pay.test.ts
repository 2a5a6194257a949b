import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROMOTION_CODES } from '../demo/demo-data.ts';
import { newAttemptPublicId, startPayment } from '../payments/start-payment.ts';
import { newOrder, openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { applyPromotionCode } from './apply-promotion-code.ts';

/**
 * "Applica" and "Procedi" on the same order at the same instant, on PostgreSQL (PGlite runs one statement at a time,
 * so the race cannot show there). Both take the order's row lock first: either the code comes first and the payment
 * asks the bank for the discounted total, or the payment comes first and the code is refused — never a discounted
 * order charged its old amount.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a discount code racing a payment on PostgreSQL', () => {
  let kit: PaymentsKit;

  beforeAll(async () => {
    kit = await openPaymentsKit('postgres');
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('the bank is always asked for the order total that holds once both are done', async () => {
    const outcomes = { discounted: 0, refused: 0 };
    for (let round = 0; round < 24; round++) {
      const order = await newOrder(kit, 'pec');
      expect(order.total_cents).toBe(3538);
      const apply = () =>
        applyPromotionCode(kit.deps, {
          customerId: kit.marioId,
          orderNumber: order.number,
          code: DEMO_PROMOTION_CODES.valid,
        });
      const pay = () =>
        startPayment(kit.deps, {
          customerId: kit.marioId,
          orderNumber: order.number,
          card: kit.marioCardId,
          requestKey: newAttemptPublicId(),
          locale: 'it',
          sessionRef: null,
        });
      // Half the rounds fire "Procedi" first, half "Applica": both orders of arrival get their chance.
      const [applied, started] =
        round % 2 === 0
          ? await Promise.all([apply(), pay()])
          : await Promise.all([pay(), apply()]).then(([p, a]) => [a, p] as const);
      expect(started.kind).toBe('redirect');

      const after = await kit.db.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
      const attempts = await kit.db
        .selectFrom('payment_attempts')
        .selectAll()
        .where('order_id', '=', order.id)
        .execute();
      expect(attempts).toHaveLength(1);
      const attempt = attempts[0]!;
      const session = await kit.bank.database.db
        .selectFrom('payment_sessions')
        .select('amount_cents')
        .where('merchant_reference', '=', attempt.public_id)
        .executeTakeFirstOrThrow();
      if (applied.ok) {
        outcomes.discounted += 1;
        expect(after.total_cents).toBe(2830);
      } else {
        outcomes.refused += 1;
        expect(applied).toEqual({ ok: false, reason: 'payment_in_progress' });
        expect(after.total_cents).toBe(3538);
      }
      expect(attempt.amount_cents, `round ${round}`).toBe(after.total_cents);
      expect(session.amount_cents, `round ${round}`).toBe(after.total_cents);
    }
    expect(outcomes.discounted + outcomes.refused).toBe(24);
  }, 120_000);
});
