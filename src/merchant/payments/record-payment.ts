import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { lineAmounts } from '../../shared/money.ts';
import { findSavedCardById, saveCardOnce } from '../cards/saved-card-repository.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import type { GatewaySession } from '../gateway/payment-gateway.ts';
import { transitionOrder } from '../orders/order-repository.ts';
import { lockAttempt, transitionAttempt } from './attempt-repository.ts';
import { isOpenAttempt } from './attempt-states.ts';
import { extendSubscription, lockSubscriptionWithProduct, switchAutoRenewOn } from './subscription-updates.ts';

/** Automatic renewal charges this many days before the service expires (SPEC §4). */

export type RecordOutcome =
  | { kind: 'recorded'; attempt: PaymentAttempt }
  /** The bank authorized it, but the order was already paid (or cancelled): the money must go back. */
  | { kind: 'refund_needed'; attempt: PaymentAttempt }
  /** Someone else settled this attempt first: nothing was written. */
  | { kind: 'already_settled'; attempt: PaymentAttempt };

/**
 * Applies an authorized bank session to its attempt, in one transaction: the order row is locked first, so of two
 * attempts (two tabs) or fifty completions (return, notification, reconciliation) only one finds the order awaiting
 * payment. That one marks the attempt authorized, the order paid, extends the service, saves the new card, switches
 * automatic renewal on where the product allows it, and writes the outbox rows. The unique index on authorized
 * attempts per order backs this up should the code ever be wrong.
 */
export async function recordAuthorizedPayment(
  trx: Transaction<MerchantDatabase>,
  input: { attemptId: number; session: GatewaySession; at: Date; renewalLeadDays: number; timeZone: string },
): Promise<RecordOutcome> {
  const { session, at } = input;
  const current = await trx
    .selectFrom('payment_attempts')
    .select('order_id')
    .where('id', '=', input.attemptId)
    .executeTakeFirstOrThrow();
  const order = await trx
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', current.order_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const attempt = await lockAttempt(trx, input.attemptId);
  if (!attempt) throw new Error(`payment attempt ${input.attemptId} vanished`);
  if (!isOpenAttempt(attempt.status)) return { kind: 'already_settled', attempt };
  if (attempt.status === 'created') throw new Error(`attempt ${attempt.public_id} has no bank session recorded yet`);
  const cardColumns = {
    card_brand: session.paymentMethod?.brand ?? null,
    card_last4: session.paymentMethod?.last4 ?? null,
    authorization_code: session.authorizationCode,
    completed_at: at,
  };

  if (order.state !== 'awaiting_payment') {
    const moved = await transitionAttempt(trx, {
      attemptId: attempt.id,
      from: attempt.status,
      to: 'refund_pending',
      reason: `authorized but the order is ${order.state}`,
      at,
      set: cardColumns,
    });
    if (!moved.ok) throw new Error(`attempt ${attempt.public_id}: ${moved.reason}`);
    return { kind: 'refund_needed', attempt: moved.attempt };
  }

  const customer = await trx
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', attempt.customer_id)
    .executeTakeFirstOrThrow();
  let cardId = attempt.saved_card_id;
  if (cardId === null && session.savedCard) {
    const saved = await saveCardOnce(trx, {
      customerId: customer.id,
      bankToken: session.savedCard.token,
      brand: session.savedCard.brand,
      last4: session.savedCard.last4,
      expMonth: session.savedCard.expMonth,
      expYear: session.savedCard.expYear,
      holder: session.savedCard.holder,
    });
    cardId = saved.id;
  }
  const authorized = await transitionAttempt(trx, {
    attemptId: attempt.id,
    from: attempt.status,
    to: 'authorized',
    reason: `bank session ${session.id} authorized`,
    at,
    set: { ...cardColumns, saved_card_id: cardId },
  });
  if (!authorized.ok) throw new Error(`attempt ${attempt.public_id}: ${authorized.reason}`);
  const paid = await transitionOrder(trx, {
    orderId: order.id,
    from: 'awaiting_payment',
    to: 'paid',
    reason: `paid by card (${attempt.public_id})`,
    at,
  });
  if (!paid.ok) throw new Error(`order ${order.number}: ${paid.reason}`);

  const { subscription, product } = await lockSubscriptionWithProduct(trx, order.subscription_id);
  const extended = await extendSubscription(trx, subscription, order.period_years, businessDate(at, input.timeZone));
  const card = { brand: session.paymentMethod?.brand ?? '', last4: session.paymentMethod?.last4 ?? '' };
  const lines = await trx
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', order.id)
    .orderBy('position')
    .execute();
  await enqueueEmail(trx, {
    dedupeKey: `payment_confirmation:order:${order.id}`,
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: 'payment_confirmation',
    data: {
      orderId: order.id,
      orderNumber: order.number,
      lines: lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        netCents: l.net_cents,
        vatCents: l.vat_cents,
      })),
      netCents: order.net_cents,
      vatCents: order.vat_cents,
      totalCents: order.total_cents,
      currency: order.currency,
      card,
      paidAt: at.toISOString(),
    },
  });

  // SPEC §4: paying by hand switches automatic renewal on when it is off; it never moves it to another card.
  if (product.auto_renew_available && cardId !== null && !subscription.auto_renew) {
    const renewalCard = await findSavedCardById(trx, cardId);
    await switchAutoRenewOn(trx, subscription.id, cardId);
    const renewal = lineAmounts(extended.renewal_period_years, product.yearly_price_cents, product.vat_rate_bp);
    await enqueueEmail(trx, {
      dedupeKey: `auto_renew_activated:subscription:${subscription.id}:order:${order.id}`,
      customerId: customer.id,
      to: customer.email,
      locale: customer.locale,
      template: 'auto_renew_activated',
      data: {
        subscriptionId: subscription.id,
        productCode: product.code,
        label: subscription.label,
        card: { brand: renewalCard?.brand ?? card.brand, last4: renewalCard?.last4 ?? card.last4 },
        nextRenewalDate: addDays(extended.expires_on as string, -input.renewalLeadDays),
        amountCents: renewal.totalCents,
        currency: order.currency,
      },
    });
  }
  return { kind: 'recorded', attempt: authorized.attempt };
}
