import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt } from '../../db/schema.ts';
import { DONE, type JobOutcome } from '../../jobs/worker.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordPaymentEvent } from '../events/resource-events.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { flagAttempt } from './flag-attempt.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

/**
 * Gives back captured money that was not the order's payment (a `payment.refund` job): a renewal charge the bank
 * approved for an order paid meanwhile, or a capture that should have been a void. The refund's key is derived from
 * the attempt, so a repeat refunds once. The customer is told by email, written with the state change so that it
 * exists exactly when the refund does (not for a card verification's cent, which the customer never paid for).
 */
export async function refundAttempt(deps: PaymentDeps, attemptId: number): Promise<JobOutcome> {
  const attempt = await findAttemptById(deps.db, attemptId);
  if (attempt?.status !== 'refund_pending') return DONE;
  const target = attempt.bank_charge_id
    ? { chargeId: attempt.bank_charge_id }
    : attempt.bank_session_id
      ? { paymentSessionId: attempt.bank_session_id }
      : undefined;
  if (!target) {
    await flagAttempt(deps, attempt, 'a refund is owed but the attempt names no bank payment');
    return DONE;
  }
  let refundId: string;
  try {
    const refund = await deps.gateway.refund({
      ...target,
      amountCents: attempt.amount_cents,
      idempotencyKey: bankKeys.refund(attempt.public_id),
    });
    refundId = refund.id;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (error.kind !== 'rejected') return { kind: 'retry', reason: `refund: ${error.kind} ${error.code}` };
    await flagAttempt(deps, attempt, `refund refused by the bank (${error.code})`);
    return DONE;
  }
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const moved = await transitionAttempt(trx, {
      attemptId: attempt.id,
      from: 'refund_pending',
      to: 'refunded',
      reason: `refund ${refundId}`,
      at,
      set: { refund_id: refundId },
    });
    // A card verification's cent is Cassa's own business, not a payment the provider's systems know of.
    if (moved.ok && moved.attempt.purpose !== 'card_verification') {
      await recordPaymentEvent(trx, 'payment.refunded', moved.attempt, at);
    }
    if (moved.ok && moved.attempt.order_id !== null) await tellCustomer(trx, moved.attempt, at);
  });
  deps.logger.warn({ attempt: attempt.public_id, refund: refundId }, 'captured money given back');
  return DONE;
}

async function tellCustomer(trx: Transaction<MerchantDatabase>, attempt: PaymentAttempt, at: Date): Promise<void> {
  const row = await trx
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['customers.email', 'customers.locale', 'orders.number'])
    .where('orders.id', '=', attempt.order_id as number)
    .executeTakeFirstOrThrow();
  await enqueueEmail(trx, {
    dedupeKey: `payment_refunded:attempt:${attempt.id}`,
    customerId: attempt.customer_id,
    to: row.email,
    locale: row.locale,
    template: 'payment_refunded',
    data: {
      orderId: attempt.order_id as number,
      orderNumber: row.number,
      amountCents: attempt.amount_cents,
      currency: attempt.currency,
      card: { brand: attempt.card_brand ?? 'card', last4: attempt.card_last4 ?? '????' },
      refundedAt: at.toISOString(),
    },
    at,
  });
}
