import type { Locale, PaymentAttempt, PaymentPayer, SavedCard } from '../../db/schema.ts';
import { bankCustomerReference, isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById, findSavedCardOfCustomer } from '../cards/saved-card-repository.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { enqueueReconcile } from './attempt-jobs.ts';
import { findAttemptById, findOpenAttemptOfOrder, insertAttempt, transitionAttempt } from './attempt-repository.ts';
import { isOpenAttempt } from './attempt-states.ts';
import { orderPaymentDescription } from './bank-description.ts';
import { cancelAtBank, settleQuietly } from './cancel-attempt.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';
import { findOrderForPayment, type OrderWithService } from './payment-read-model.ts';
import { newAttemptPublicId } from './public-ids.ts';

export { newAttemptPublicId } from './public-ids.ts';

export interface StartPayment {
  customerId: number;
  orderNumber: string;
  /** A saved card's id, or 'new' for "Nuova carta di pagamento". */
  card: number | 'new';
  /** Random per rendered form: a double click submits the same key and gets the same attempt. */
  requestKey: string;
  locale: Locale;
  /** The Pagamenti session submitting (its stored hash): a second tab of the same session joins its attempt. */
  sessionRef: string | null;
  /** The open attempt the customer chose to replace (the card page offers it when one is open). */
  supersedes?: string | undefined;
  /**
   * Who pays: the signed-in customer (default), or a guest who gave the order's number and the account's email. A
   * guest pays with a new card only, which is not saved, and never switches automatic renewal on.
   */
  payer?: PaymentPayer;
  /** The card page's "Attiva il rinnovo automatico" checkbox (default on); ignored for a guest. */
  switchAutoRenew?: boolean;
}

export type StartPaymentResult =
  | { kind: 'redirect'; url: string; attempt: PaymentAttempt }
  /** The submission was already settled (e.g. the second click arrived after the payment ended). */
  | { kind: 'settled'; attempt: PaymentAttempt }
  /** The order is being paid by another open attempt (another tab or window): its page says how it stands. */
  | { kind: 'in_progress'; attempt: PaymentAttempt }
  /** An automatic renewal charge of this order is at the bank right now. */
  | { kind: 'charge_in_progress' }
  | { kind: 'order_not_found' }
  | { kind: 'order_paid' }
  | { kind: 'order_cancelled' }
  | { kind: 'card_not_usable' }
  | { kind: 'bank_unavailable' }
  | { kind: 'bank_refused'; attempt: PaymentAttempt };

/** How many times an open attempt may be settled or superseded before the customer is shown it instead. */
const MAX_ROUNDS = 3;

/**
 * "Procedi" on the card choice. An order has at most one open attempt (the database says so), so this either
 * continues the submission's own attempt (a double click), or finds the order's open attempt and — after settling it
 * against the bank, so that an authorization nobody recorded yet pays the order instead of a second charge — joins
 * it (another tab of the same session, same card: its page), supersedes it (the same session chose another card, or
 * the customer asked to replace it: the bank session is cancelled at the bank first), or shows it (another window),
 * or writes a new attempt under the order's row lock. Only then is the bank asked for a session, outside any
 * transaction, with an idempotency key derived from the attempt. Never two bank sessions of one order that could
 * both be authorized.
 */
export async function startPayment(deps: PaymentDeps, input: StartPayment): Promise<StartPaymentResult> {
  // The order with its service and product in one statement: the bank's description names the service.
  const found = await findOrderForPayment(deps.db, input.customerId, input.orderNumber);
  if (!found) return { kind: 'order_not_found' };
  const { order } = found;

  const previous = await deps.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('customer_id', '=', input.customerId)
    .where('request_key', '=', input.requestKey)
    .executeTakeFirst();
  if (previous) {
    // The same form submitted again (a double click): carry on with its attempt, whatever the order looks like now.
    if (previous.order_id !== order.id) return { kind: 'order_not_found' };
    return continueAttempt(deps, previous, { found, locale: input.locale });
  }
  if (order.state === 'paid') return { kind: 'order_paid' };
  if (order.state === 'cancelled') return { kind: 'order_cancelled' };
  const payer = input.payer ?? 'customer';
  // A guest is never offered the account's saved cards, and a forged form naming one gets nowhere.
  if (payer === 'guest' && input.card !== 'new') return { kind: 'card_not_usable' };
  const savedCard =
    input.card === 'new' ? undefined : await findSavedCardOfCustomer(deps.db, input.customerId, input.card);
  if (input.card !== 'new' && (!savedCard || isCardExpired(savedCard, deps.clock.now(), deps.timeZone))) {
    return { kind: 'card_not_usable' };
  }

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const step = await deps.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('orders')
        .selectAll()
        .where('id', '=', order.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.state === 'paid') return { kind: 'order_paid' } as const;
      if (locked.state === 'cancelled') return { kind: 'order_cancelled' } as const;
      const at = deps.clock.now();
      const inserted = await insertAttempt(trx, {
        publicId: newAttemptPublicId(),
        purpose: 'order_payment',
        gateway: deps.gateway.name,
        orderId: order.id,
        customerId: input.customerId,
        requestKey: input.requestKey,
        // The total as it stands under the order's lock: a discount code (promotions/apply-promotion-code.ts) takes the
        // same lock and is refused once this attempt is open, so the bank is never asked for a total that changed.
        amountCents: locked.total_cents,
        currency: locked.currency,
        savedCardId: savedCard?.id ?? null,
        startedInSession: input.sessionRef,
        payer,
        switchAutoRenew: payer === 'customer' && input.switchAutoRenew !== false,
        at,
      });
      if (inserted.kind === 'created') await enqueueReconcile(trx, inserted.attempt, at);
      return inserted;
    });
    if (step.kind === 'order_paid' || step.kind === 'order_cancelled') return step;
    if (step.kind !== 'order_busy') {
      return continueAttempt(deps, step.attempt, { found, locale: input.locale, savedCard });
    }

    const open = step.open;
    if (open.purpose === 'renewal_charge') return { kind: 'charge_in_progress' };
    // Settle it against the bank first: authorized means the order is paid, and nothing new is charged.
    const settled = await settleQuietly(deps, open);
    if (!isOpenAttempt(settled.status)) continue;
    const sameSession = input.sessionRef !== null && settled.started_in_session === input.sessionRef;
    const sameCard = settled.saved_card_id === (savedCard?.id ?? null);
    const replace = input.supersedes === settled.public_id || (sameSession && !sameCard);
    if (!replace || settled.status === 'created' || !settled.bank_session_id) {
      return { kind: 'in_progress', attempt: settled };
    }
    const cancelled = await cancelAtBank(deps, settled);
    if (isOpenAttempt(cancelled.status)) return { kind: 'in_progress', attempt: settled };
    deps.logger.info({ attempt: settled.public_id }, 'open attempt superseded');
  }
  const open = await findOpenAttemptOfOrder(deps.db, order.id);
  return open ? { kind: 'in_progress', attempt: open } : { kind: 'order_paid' };
}

/**
 * Carries an attempt of this submission on: an attempt still `created` asks the bank for its session (the same key
 * gets the same session back), an open one sends the browser to it, a settled one shows its page.
 */
async function continueAttempt(
  deps: PaymentDeps,
  attempt: PaymentAttempt,
  /** `found`: the order with its service, read by this request; `savedCard`: the attempt's card, when it read it. */
  context: { found: OrderWithService; locale: Locale; savedCard?: SavedCard | undefined },
): Promise<StartPaymentResult> {
  if (attempt.status !== 'created') {
    if ((attempt.status === 'redirected' || attempt.status === 'authenticating') && attempt.redirect_url) {
      return { kind: 'redirect', url: attempt.redirect_url, attempt };
    }
    return { kind: 'settled', attempt };
  }
  const savedCard =
    attempt.saved_card_id === null
      ? undefined
      : context.savedCard?.id === attempt.saved_card_id
        ? context.savedCard
        : await findSavedCardById(deps.db, attempt.saved_card_id);
  const { order, ...service } = context.found;
  let session: Awaited<ReturnType<PaymentDeps['gateway']['createPaymentSession']>>;
  try {
    session = await createSessionPatiently(deps, {
      reference: attempt.public_id,
      amountCents: attempt.amount_cents,
      currency: 'EUR',
      description: orderPaymentDescription(order, service, context.locale),
      customerReference: bankCustomerReference(attempt.customer_id),
      returnUrl: `${deps.payUrl}/return/${attempt.public_id}`,
      notifyUrl: `${deps.payUrl}/notifications/bank`,
      // A guest's card is used once: it is not saved to the account (docs/payments.md, "Paying without logging in").
      saveCard: attempt.saved_card_id === null && attempt.payer === 'customer',
      capture: 'manual',
      ...(savedCard ? { cardToken: savedCard.bank_token } : {}),
      locale: context.locale,
      idempotencyKey: bankKeys.session(attempt.public_id),
    });
  } catch (error) {
    if (error instanceof GatewayError && error.kind === 'rejected') {
      deps.logger.error({ attempt: attempt.public_id, code: error.code }, 'the bank refused a payment session');
      const failed = await transitionAttempt(deps.db, {
        attemptId: attempt.id,
        from: 'created',
        to: 'failed',
        reason: `bank refused: ${error.code}`,
        at: deps.clock.now(),
        set: { decline_reason: 'processing_error', completed_at: deps.clock.now() },
      });
      return { kind: 'bank_refused', attempt: failed.ok ? failed.attempt : attempt };
    }
    // Unavailable: the attempt stays `created`; the same click again (same key) or the reconciliation settles it.
    deps.logger.warn({ attempt: attempt.public_id, err: error }, 'the bank did not answer a payment session request');
    return { kind: 'bank_unavailable' };
  }

  const recorded = await transitionAttempt(deps.db, {
    attemptId: attempt.id,
    from: 'created',
    to: 'redirected',
    reason: 'bank session created',
    at: deps.clock.now(),
    set: { bank_session_id: session.id, redirect_url: session.redirectUrl },
  });
  const current = recorded.ok ? recorded.attempt : ((await findAttemptById(deps.db, attempt.id)) ?? attempt);
  if (!isOpenAttempt(current.status)) return { kind: 'settled', attempt: current };
  deps.logger.info({ attempt: current.public_id, bankSession: session.id }, 'customer sent to the bank');
  return { kind: 'redirect', url: session.redirectUrl, attempt: current };
}

/**
 * A double click sends the same key twice at once: the bank answers the second "still in progress" for the instant
 * the first holds the key. Waiting a moment and asking again gets the replayed session for both clicks.
 */
async function createSessionPatiently(
  deps: PaymentDeps,
  input: Parameters<PaymentDeps['gateway']['createPaymentSession']>[0],
): Promise<Awaited<ReturnType<PaymentDeps['gateway']['createPaymentSession']>>> {
  for (let tries = 1; ; tries++) {
    try {
      return await deps.gateway.createPaymentSession(input);
    } catch (error) {
      const inProgress = error instanceof GatewayError && error.kind === 'in_progress';
      if (!inProgress || tries >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150 * tries));
    }
  }
}
