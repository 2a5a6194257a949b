import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt, Refund } from '../../db/schema.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordPaymentEvent } from '../events/resource-events.ts';
import { issueCreditNote } from '../invoices/issue-credit-note.ts';
import { lockAttempt, transitionAttempt } from '../payments/attempt-repository.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { refundResource } from '../public/resources.ts';
import { findRefundById, listRefundsOfAttempt, transitionRefund } from './refund-repository.ts';

type Trx = Transaction<MerchantDatabase>;

/**
 * The bank gave the money back: the refund `succeeded`, and with it, in the same short transaction, everything that
 * follows — the payment `refunded` once the whole amount is back (a partial refund leaves it `captured`; the order
 * stays `paid` either way), the nota di credito (issue-credit-note.ts), the customer's email and the
 * `payment.refunded` event. Locks in LOCK_ORDER (order → payment attempt → fiscal counter, for the credit note's
 * number), like every path that changes an order's money. Of two callers applying the same answer, the
 * second finds the refund settled and changes nothing.
 */
export async function applyRefundSucceeded(deps: PaymentDeps, refund: Refund, bankRefundId: string): Promise<Refund> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const attempt = await lockOrderAndAttempt(trx, refund);
    const moved = await transitionRefund(trx, {
      refundId: Number(refund.id),
      from: 'pending',
      to: 'succeeded',
      at,
      set: { bank_refund_id: bankRefundId },
    });
    if (!moved.ok) return current(trx, refund);
    const refunds = await listRefundsOfAttempt(trx, Number(attempt.id));
    const refundedCents = sumSucceeded(refunds);
    let payment = attempt;
    if (refundedCents >= attempt.amount_cents && attempt.status === 'captured') {
      const whole = await transitionAttempt(trx, {
        attemptId: Number(attempt.id),
        from: 'captured',
        to: 'refunded',
        reason: `refunded in full (last refund re_${refund.id})`,
        at,
      });
      if (whole.ok) payment = whole.attempt;
    }
    await tellCustomer(trx, payment, moved.refund, refundedCents, at);
    await recordPaymentEvent(trx, 'payment.refunded', payment, at, {
      refund: refundResource(moved.refund, payment),
    });
    // Last: the credit notes' counter row stays locked until commit (LOCK_ORDER).
    const creditNote = await issueCreditNote(trx, {
      provider: deps.fiscalProvider,
      refund: moved.refund,
      at,
      timeZone: deps.timeZone,
    });
    if (!creditNote) deps.logger.warn({ refund: refund.id }, 'refund of an order without an invoice: no credit note');
    deps.logger.info({ payment: payment.public_id, refund: refund.id, bankRefundId }, 'refund succeeded');
    return moved.refund;
  });
}

/** The bank refused the refund: `failed` with its reason, and its amount is free again (the trigger). Nobody is told. */
export async function applyRefundFailed(deps: PaymentDeps, refund: Refund, reason: string): Promise<Refund> {
  const at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockOrderAndAttempt(trx, refund);
    const moved = await transitionRefund(trx, {
      refundId: Number(refund.id),
      from: 'pending',
      to: 'failed',
      at,
      set: { failure_reason: reason },
    });
    if (!moved.ok) return current(trx, refund);
    deps.logger.warn({ refund: refund.id, reason }, 'refund refused by the bank');
    return moved.refund;
  });
}

async function lockOrderAndAttempt(trx: Trx, refund: Refund): Promise<PaymentAttempt> {
  await trx.selectFrom('orders').select('id').where('id', '=', Number(refund.order_id)).forUpdate().execute();
  const attempt = await lockAttempt(trx, Number(refund.attempt_id));
  if (!attempt) throw new Error(`refund ${refund.id} names no payment`);
  return attempt;
}

async function current(trx: Trx, refund: Refund): Promise<Refund> {
  return (await findRefundById(trx, Number(refund.id))) ?? refund;
}

export function sumSucceeded(refunds: readonly Refund[]): number {
  return refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount_cents, 0);
}

async function tellCustomer(
  trx: Trx,
  payment: PaymentAttempt,
  refund: Refund,
  refundedCents: number,
  at: Date,
): Promise<void> {
  const row = await trx
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['customers.id as customerId', 'customers.email', 'customers.locale', 'orders.number'])
    .where('orders.id', '=', Number(refund.order_id))
    .executeTakeFirstOrThrow();
  await enqueueEmail(trx, {
    dedupeKey: `order_refunded:refund:${refund.id}`,
    customerId: row.customerId,
    to: row.email,
    locale: row.locale,
    template: 'order_refunded',
    data: {
      orderId: Number(refund.order_id),
      refundId: Number(refund.id),
      orderNumber: row.number,
      amountCents: refund.amount_cents,
      paidCents: payment.amount_cents,
      refundedCents,
      currency: refund.currency,
      card: { brand: payment.card_brand ?? 'card', last4: payment.card_last4 ?? '????' },
      reason: refund.reason,
      refundedAt: at.toISOString(),
    },
    at,
  });
}
