import { randomBytes } from 'node:crypto';
import type { Locale, PaymentAttempt } from '../../db/schema.ts';
import { bankCustomerReference, isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById, findSavedCardOfCustomer } from '../cards/saved-card-repository.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findOrderOfCustomer } from '../orders/order-repository.ts';
import {
  findAttemptById,
  findAttemptBySubmission,
  insertAttemptOnce,
  transitionAttempt,
} from './attempt-repository.ts';
import { bankKeys, type PaymentDeps } from './payment-deps.ts';

export interface StartPayment {
  customerId: number;
  orderNumber: string;
  /** A saved card's id, or 'new' for "Nuova carta di pagamento". */
  card: number | 'new';
  /** Random per rendered form: a double click submits the same key and gets the same attempt. */
  requestKey: string;
  locale: Locale;
}

export type StartPaymentResult =
  | { kind: 'redirect'; url: string; attempt: PaymentAttempt }
  /** The submission was already settled (e.g. the second click arrived after the payment ended). */
  | { kind: 'settled'; attempt: PaymentAttempt }
  | { kind: 'order_not_found' }
  | { kind: 'order_paid' }
  | { kind: 'order_cancelled' }
  | { kind: 'card_not_usable' }
  | { kind: 'bank_unavailable' }
  | { kind: 'bank_refused'; attempt: PaymentAttempt };

export function newAttemptPublicId(): string {
  return `pa_${randomBytes(16).toString('hex')}`;
}

/**
 * "Procedi" on the card choice: writes the attempt first, then asks the bank for a hosted payment session (outside any
 * transaction, with an idempotency key derived from the attempt), records it, and returns where to send the browser.
 * A double click carries the same request key: it finds the same attempt and the bank replays the same session.
 */
export async function startPayment(deps: PaymentDeps, input: StartPayment): Promise<StartPaymentResult> {
  const found = await findOrderOfCustomer(deps.db, input.customerId, input.orderNumber);
  if (!found) return { kind: 'order_not_found' };
  const { order, lines } = found;

  const previous = await findAttemptBySubmission(deps.db, input.customerId, input.requestKey);
  let attempt: PaymentAttempt;
  if (previous) {
    // The same form submitted again (a double click): carry on with its attempt, whatever the order looks like now.
    if (previous.order_id !== order.id) return { kind: 'order_not_found' };
    attempt = previous;
  } else {
    if (order.state === 'paid') return { kind: 'order_paid' };
    if (order.state === 'cancelled') return { kind: 'order_cancelled' };
    const savedCard =
      input.card === 'new' ? undefined : await findSavedCardOfCustomer(deps.db, input.customerId, input.card);
    if (input.card !== 'new' && (!savedCard || isCardExpired(savedCard, deps.clock.now(), deps.timeZone))) {
      return { kind: 'card_not_usable' };
    }
    const inserted = await insertAttemptOnce(deps.db, {
      publicId: newAttemptPublicId(),
      orderId: order.id,
      customerId: input.customerId,
      requestKey: input.requestKey,
      amountCents: order.total_cents,
      currency: order.currency,
      savedCardId: savedCard?.id ?? null,
      at: deps.clock.now(),
    });
    attempt = inserted.attempt;
    if (attempt.order_id !== order.id) return { kind: 'order_not_found' };
  }

  if (attempt.status !== 'created') {
    if ((attempt.status === 'redirected' || attempt.status === 'authenticating') && attempt.redirect_url) {
      return { kind: 'redirect', url: attempt.redirect_url, attempt };
    }
    return { kind: 'settled', attempt };
  }
  const savedCard = attempt.saved_card_id ? await findSavedCardById(deps.db, attempt.saved_card_id) : undefined;

  let session: Awaited<ReturnType<PaymentDeps['gateway']['createPaymentSession']>>;
  try {
    session = await createSessionPatiently(deps, {
      reference: attempt.public_id,
      amountCents: attempt.amount_cents,
      currency: 'EUR',
      description: `${lines[0]?.description ?? order.number} - ${order.number}`.slice(0, 200),
      customerReference: bankCustomerReference(input.customerId),
      returnUrl: `${deps.payUrl}/return/${attempt.public_id}`,
      notifyUrl: `${deps.payUrl}/notifications/bank`,
      saveCard: attempt.saved_card_id === null,
      ...(savedCard ? { cardToken: savedCard.bank_token } : {}),
      locale: input.locale,
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
  if (recorded.ok) attempt = recorded.attempt;
  else attempt = (await findAttemptById(deps.db, attempt.id)) ?? attempt;
  deps.logger.info({ attempt: attempt.public_id, bankSession: session.id }, 'customer sent to the bank');
  return { kind: 'redirect', url: session.redirectUrl, attempt };
}

/**
 * A double click sends the same key twice at once: the bank answers the second "still in progress" (409) for the
 * instant the first holds the key. Waiting a moment and asking again gets the replayed session for both clicks.
 */
async function createSessionPatiently(
  deps: PaymentDeps,
  input: Parameters<PaymentDeps['gateway']['createPaymentSession']>[0],
): Promise<Awaited<ReturnType<PaymentDeps['gateway']['createPaymentSession']>>> {
  for (let tries = 1; ; tries++) {
    try {
      return await deps.gateway.createPaymentSession(input);
    } catch (error) {
      const inProgress = error instanceof GatewayError && error.code === 'idempotency_key_in_use';
      if (!inProgress || tries >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150 * tries));
    }
  }
}
