import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, PaymentAttempt, PaymentAttemptStatus } from '../../db/schema.ts';
import { saveCardOnce } from '../cards/saved-card-repository.ts';
import { recordCardEvent } from '../events/resource-events.ts';
import type { GatewaySession } from '../gateway/payment-gateway.ts';
import type { ProviderFiscalData } from '../invoices/invoice-document.ts';
import { markOrderPaid } from '../orders/mark-order-paid.ts';
import { enqueueCapture, enqueueRefund, enqueueVoid } from './attempt-jobs.ts';
import { lockAttempt, transitionAttempt } from './attempt-repository.ts';
import { isOpenAttempt } from './attempt-states.ts';

type Trx = Transaction<MerchantDatabase>;

export type RecordOutcome =
  | { kind: 'recorded'; attempt: PaymentAttempt }
  /** Someone else settled this attempt first: nothing was written. */
  | { kind: 'already_settled'; attempt: PaymentAttempt };

/**
 * Applies a session the bank authorized (or, for an automatic capture, captured) to its attempt, in one transaction
 * that locks the order first (LOCK_ORDER in orders/mark-order-paid.ts), so of two attempts of one order, or fifty
 * completions of one attempt, exactly one finds the order awaiting payment:
 * - an order payment that finds its order awaiting payment is the order's payment: `authorized`, the order paid
 *   (markOrderPaid), a new card saved, and the capture queued;
 * - one that finds the order already paid or cancelled is a duplicate: `void_pending` and the void queued (or, when
 *   the bank had already captured it, `refund_pending` and the refund queued) — never captured;
 * - a card verification saves the card and queues the void of its cent.
 * The follow-up calls to the bank run from jobs written here, so a crash after this commit loses none of them.
 */
export async function recordAuthorization(
  trx: Trx,
  input: {
    attemptId: number;
    /** The attempt's order (it never changes), when the caller has read it: saves reading it here. */
    orderId?: number | null;
    session: GatewaySession;
    at: Date;
    renewalLeadDays: number;
    timeZone: string;
    fiscalProvider: ProviderFiscalData;
  },
): Promise<RecordOutcome> {
  const { session, at } = input;
  const head =
    input.orderId !== undefined
      ? { order_id: input.orderId }
      : await trx
          .selectFrom('payment_attempts')
          .select('order_id')
          .where('id', '=', input.attemptId)
          .executeTakeFirstOrThrow();
  const order =
    head.order_id === null
      ? undefined
      : await trx
          .selectFrom('orders')
          .selectAll()
          .where('id', '=', head.order_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
  const attempt = await lockAttempt(trx, input.attemptId);
  if (!attempt) throw new Error(`payment attempt ${input.attemptId} vanished`);
  if (!isOpenAttempt(attempt.status) && attempt.status !== 'needs_attention') {
    return { kind: 'already_settled', attempt };
  }
  if (attempt.status === 'created') throw new Error(`attempt ${attempt.public_id} has no bank session recorded yet`);
  const captured = session.status === 'captured';
  const move = async (to: PaymentAttemptStatus, reason: string, savedCardId: number | null) => {
    const moved = await transitionAttempt(trx, {
      attemptId: attempt.id,
      from: attempt.status,
      to,
      reason,
      at,
      set: {
        card_brand: session.paymentMethod?.brand ?? null,
        card_last4: session.paymentMethod?.last4 ?? null,
        authorization_code: session.authorizationCode,
        saved_card_id: savedCardId,
        completed_at: at,
      },
    });
    if (!moved.ok) throw new Error(`attempt ${attempt.public_id}: ${moved.reason}`);
    return moved.attempt;
  };

  if (attempt.purpose === 'card_verification') {
    const cardId = await saveSessionCard(trx, attempt, session, { revive: true, at });
    if (captured) {
      const owed = await move('refund_pending', `card saved; the bank captured the cent (${session.id})`, cardId);
      await enqueueRefund(trx, owed, at);
      return { kind: 'recorded', attempt: owed };
    }
    const saved = await move('authorized', `card saved (${session.id})`, cardId);
    await enqueueVoid(trx, saved, at);
    return { kind: 'recorded', attempt: saved };
  }

  if (order?.state !== 'awaiting_payment') {
    const state = order?.state ?? 'unknown';
    if (captured) {
      const owed = await move('refund_pending', `captured but the order is ${state}`, attempt.saved_card_id);
      await enqueueRefund(trx, owed, at);
      return { kind: 'recorded', attempt: owed };
    }
    const duplicate = await move('void_pending', `authorized but the order is ${state}`, attempt.saved_card_id);
    await enqueueVoid(trx, duplicate, at);
    return { kind: 'recorded', attempt: duplicate };
  }
  return { kind: 'recorded', attempt: await recordOrderPayment(trx, { attempt, order, session, at, input, move }) };
}

async function recordOrderPayment(
  trx: Trx,
  ctx: {
    attempt: PaymentAttempt;
    order: Order;
    session: GatewaySession;
    at: Date;
    input: { renewalLeadDays: number; timeZone: string; fiscalProvider: ProviderFiscalData };
    move: (to: PaymentAttemptStatus, reason: string, savedCardId: number | null) => Promise<PaymentAttempt>;
  },
): Promise<PaymentAttempt> {
  const { attempt, order, session, at } = ctx;
  // A guest's card is never saved to the account (the session did not ask the bank to keep it, and if a bank kept
  // it anyway, the account still does not get it).
  const cardId =
    attempt.payer === 'guest'
      ? null
      : (attempt.saved_card_id ?? (await saveSessionCard(trx, attempt, session, { revive: false, at })));
  const captured = session.status === 'captured';
  const paidBy = await ctx.move(
    captured ? 'captured' : 'authorized',
    `bank session ${session.id} ${captured ? 'captured' : 'authorized'}`,
    cardId,
  );
  const paid = await markOrderPaid(trx, {
    order,
    attempt: paidBy,
    channel: 'customer',
    card: { brand: session.paymentMethod?.brand ?? '', last4: session.paymentMethod?.last4 ?? '' },
    at,
    renewalLeadDays: ctx.input.renewalLeadDays,
    timeZone: ctx.input.timeZone,
    fiscalProvider: ctx.input.fiscalProvider,
  });
  if (!paid.ok) throw new Error(`order ${order.number}: ${paid.reason}`);
  if (!captured) await enqueueCapture(trx, paidBy, at);
  return paidBy;
}

/** The card the session saved, once per token; a removed card verified again comes back. */
async function saveSessionCard(
  trx: Trx,
  attempt: PaymentAttempt,
  session: GatewaySession,
  options: { revive: boolean; at: Date },
): Promise<number | null> {
  if (!session.savedCard) return null;
  const known = await trx
    .selectFrom('saved_cards')
    .select(['id', 'removed_at'])
    .where('gateway', '=', attempt.gateway)
    .where('bank_token', '=', session.savedCard.token)
    .executeTakeFirst();
  const card = await saveCardOnce(trx, {
    customerId: attempt.customer_id,
    gateway: attempt.gateway,
    bankToken: session.savedCard.token,
    brand: session.savedCard.brand,
    last4: session.savedCard.last4,
    expMonth: session.savedCard.expMonth,
    expYear: session.savedCard.expYear,
    holder: session.savedCard.holder,
  });
  if (options.revive && card.removed_at !== null) {
    await trx.updateTable('saved_cards').set({ removed_at: null }).where('id', '=', card.id).execute();
  }
  // A new token, or a removed card verified again: the customer has one more card to pay with.
  if (!known || (options.revive && known.removed_at !== null))
    await recordCardEvent(trx, 'card.saved', card.id, options.at);
  return card.id;
}
