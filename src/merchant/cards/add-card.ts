import type { Locale } from '../../db/schema.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { enqueueReconcile } from '../payments/attempt-jobs.ts';
import { findAttemptByPublicId, insertAttempt, transitionAttempt } from '../payments/attempt-repository.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import { bankKeys, type PaymentDeps } from '../payments/payment-deps.ts';
import { newVerificationPublicId } from '../payments/public-ids.ts';
import { bankCustomerReference } from './card-display.ts';

export interface AddCardDeps extends PaymentDeps {
  /** Area Clienti's public URL: the bank sends the customer back there. */
  areaUrl: string;
}

/** What a card verification holds on the customer's card for a moment: one cent, released once the card is saved. */
export const VERIFICATION_CENTS = 1;

export type StartVerification =
  | { kind: 'redirect'; url: string }
  | { kind: 'bank_unavailable' }
  | { kind: 'bank_refused' };

/**
 * "Aggiungi carta": a one-cent payment session at the bank, authorized with the bank's 3-D Secure and never captured,
 * that saves the card. The attempt (purpose `card_verification`) is written before the bank is called, with its
 * reconciliation job, so a customer who closes the tab after 3-D Secure still ends with the card saved and the cent
 * released (by the notification, or the reconciliation).
 */
export async function startCardVerification(
  deps: AddCardDeps,
  input: { customerId: number; locale: Locale },
): Promise<StartVerification> {
  const at = deps.clock.now();
  const attempt = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertAttempt(trx, {
      publicId: newVerificationPublicId(),
      purpose: 'card_verification',
      gateway: deps.gateway.name,
      orderId: null,
      customerId: input.customerId,
      requestKey: null,
      amountCents: VERIFICATION_CENTS,
      currency: 'EUR',
      savedCardId: null,
      at,
    });
    if (inserted.kind !== 'created') throw new Error('a new card verification collided with another attempt');
    await enqueueReconcile(trx, inserted.attempt, at);
    return inserted.attempt;
  });
  try {
    const session = await deps.gateway.createPaymentSession({
      reference: attempt.public_id,
      amountCents: VERIFICATION_CENTS,
      currency: 'EUR',
      description: 'Verifica carta / Card verification',
      customerReference: bankCustomerReference(input.customerId),
      returnUrl: `${deps.areaUrl}/cards/added/${attempt.public_id}`,
      notifyUrl: `${deps.payUrl}/notifications/bank`,
      saveCard: true,
      capture: 'manual',
      locale: input.locale,
      idempotencyKey: bankKeys.session(attempt.public_id),
    });
    await transitionAttempt(deps.db, {
      attemptId: attempt.id,
      from: 'created',
      to: 'redirected',
      reason: 'bank session created',
      at: deps.clock.now(),
      set: { bank_session_id: session.id, redirect_url: session.redirectUrl },
    });
    return { kind: 'redirect', url: session.redirectUrl };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.warn({ attempt: attempt.public_id, err: error }, 'card verification not started at the bank');
    if (error.kind !== 'rejected') return { kind: 'bank_unavailable' };
    await transitionAttempt(deps.db, {
      attemptId: attempt.id,
      from: 'created',
      to: 'failed',
      reason: `bank refused: ${error.code}`,
      at: deps.clock.now(),
      set: { decline_reason: 'processing_error', completed_at: deps.clock.now() },
    });
    return { kind: 'bank_refused' };
  }
}

export type VerificationOutcome = 'saved' | 'pending' | 'failed' | 'unknown';

/**
 * The customer is back from the bank: the attempt is settled against the bank (never trusting the return), which
 * saves the card once and queues the release of the cent. Safe to run twice, and unnecessary for the outcome: the
 * notification and the reconciliation settle it too.
 */
export async function finishCardVerification(
  deps: AddCardDeps,
  input: { customerId: number; publicId: string },
): Promise<VerificationOutcome> {
  const found = await findAttemptByPublicId(deps.db, input.publicId);
  if (found?.purpose !== 'card_verification' || found.customer_id !== input.customerId) return 'unknown';
  let attempt = found;
  try {
    attempt = await completeAttempt(deps, found.id, 'return');
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    deps.logger.warn({ attempt: found.public_id, err: error }, 'bank not reachable after a card verification');
  }
  switch (attempt.status) {
    case 'authorized':
    case 'voided':
    case 'refund_pending':
    case 'refunded':
      return 'saved';
    case 'created':
    case 'redirected':
    case 'authenticating':
    case 'needs_attention':
      return 'pending';
    default:
      return 'failed';
  }
}
