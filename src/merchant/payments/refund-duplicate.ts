import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt } from '../../db/schema.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/**
 * Gives back the money of an attempt the bank authorized after its order had been paid by another attempt (two tabs).
 * The refund's idempotency key is derived from the attempt, so calling this again (the reconciliation retries while
 * the bank is unreachable) refunds once.
 */
export async function refundDuplicate(deps: PaymentDeps, attempt: PaymentAttempt): Promise<PaymentAttempt> {
  if (attempt.status !== 'refund_pending' || !attempt.bank_session_id) return attempt;
  try {
    const refund = await deps.gateway.refund({
      paymentSessionId: attempt.bank_session_id,
      amountCents: attempt.amount_cents,
      idempotencyKey: bankKeys.refund(attempt.public_id),
    });
    const at = deps.clock.now();
    // The customer is told by email too, written with the state change so that it exists exactly when the refund does.
    const moved = await deps.db.transaction().execute(async (trx) => {
      const result = await transitionAttempt(trx, {
        attemptId: attempt.id,
        from: 'refund_pending',
        to: 'refunded',
        reason: `refund ${refund.id}: the order was already paid`,
        at,
        set: { refund_id: refund.id },
      });
      if (result.ok) await tellCustomer(trx, result.attempt, at);
      return result;
    });
    deps.logger.warn({ attempt: attempt.public_id, refund: refund.id }, 'second payment of a paid order refunded');
    return moved.ok ? moved.attempt : ((await findAttemptById(deps.db, attempt.id)) ?? attempt);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.error({ attempt: attempt.public_id, err: error }, 'refund of a duplicate payment not done yet');
    return attempt;
  }
}

async function tellCustomer(trx: Transaction<MerchantDatabase>, attempt: PaymentAttempt, at: Date): Promise<void> {
  const row = await trx
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['customers.email', 'customers.locale', 'orders.number'])
    .where('orders.id', '=', attempt.order_id)
    .executeTakeFirstOrThrow();
  await enqueueEmail(trx, {
    dedupeKey: `payment_refunded:attempt:${attempt.id}`,
    customerId: attempt.customer_id,
    to: row.email,
    locale: row.locale,
    template: 'payment_refunded',
    data: {
      orderId: attempt.order_id,
      orderNumber: row.number,
      amountCents: attempt.amount_cents,
      currency: attempt.currency,
      card: { brand: attempt.card_brand ?? 'card', last4: attempt.card_last4 ?? '????' },
      refundedAt: at.toISOString(),
    },
  });
}
