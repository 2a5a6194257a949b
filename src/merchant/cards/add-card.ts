import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { drainDueJobs } from '../../jobs/job-runner.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { bankCustomerReference } from './card-display.ts';
import { saveCardOnce } from './saved-card-repository.ts';

export interface AddCardDeps {
  db: Kysely<MerchantDatabase>;
  gateway: PaymentGateway;
  clock: Clock;
  /** Area Clienti's public URL (the bank sends the customer back there) and Pagamenti's (notifications). */
  areaUrl: string;
  payUrl: string;
}

/** What a card verification costs the customer for a moment: one cent, refunded as soon as the card is saved. */
export const VERIFICATION_CENTS = 1;

/**
 * "Aggiungi carta": a one-cent payment session at the bank that saves the card, with the bank's 3-D Secure. The
 * verification row is written before the bank is called, and the session is created with a key derived from it.
 * Returns where to send the customer's browser.
 */
export async function startCardVerification(
  deps: AddCardDeps,
  input: { customerId: number; locale: Locale },
): Promise<string> {
  const publicId = `cv_${randomBytes(16).toString('hex')}`;
  await deps.db
    .insertInto('card_verifications')
    .values({ public_id: publicId, customer_id: input.customerId, created_at: deps.clock.now() })
    .execute();
  const session = await deps.gateway.createPaymentSession({
    reference: publicId,
    amountCents: VERIFICATION_CENTS,
    currency: 'EUR',
    description: 'Verifica carta / Card verification',
    customerReference: bankCustomerReference(input.customerId),
    returnUrl: `${deps.areaUrl}/cards/added/${publicId}`,
    notifyUrl: `${deps.payUrl}/notifications/bank`,
    saveCard: true,
    locale: input.locale,
    capture: 'automatic',
    idempotencyKey: `${publicId}:session`,
  });
  await deps.db
    .updateTable('card_verifications')
    .set({ status: 'redirected', bank_session_id: session.id })
    .where('public_id', '=', publicId)
    .where('status', '=', 'created')
    .execute();
  return session.redirectUrl;
}

export type VerificationOutcome = 'saved' | 'pending' | 'failed' | 'unknown';

/**
 * The customer is back from the bank: the session is read again (never trusting the return), the card saved once,
 * and the cent refunded (idempotent key). Safe to run twice.
 */
export async function finishCardVerification(
  deps: AddCardDeps,
  input: { customerId: number; publicId: string },
): Promise<VerificationOutcome> {
  const verification = await deps.db
    .selectFrom('card_verifications')
    .selectAll()
    .where('public_id', '=', input.publicId)
    .where('customer_id', '=', input.customerId)
    .executeTakeFirst();
  if (!verification?.bank_session_id) return 'unknown';
  if (verification.status === 'failed') return 'failed';
  const session = await deps.gateway.getPaymentSession(verification.bank_session_id);
  if (!session) return 'unknown';
  if (session.status === 'pending' || session.status === 'authenticating') return 'pending';
  const at = deps.clock.now();
  if (session.status !== 'captured' || !session.savedCard) {
    await deps.db
      .updateTable('card_verifications')
      .set({ status: 'failed', failure_reason: session.declineReason ?? session.status, completed_at: at })
      .where('id', '=', verification.id)
      .where('status', '=', 'redirected')
      .execute();
    return 'failed';
  }
  const saved = session.savedCard;
  await deps.db.transaction().execute(async (trx) => {
    const card = await saveCardOnce(trx, {
      customerId: input.customerId,
      bankToken: saved.token,
      brand: saved.brand,
      last4: saved.last4,
      expMonth: saved.expMonth,
      expYear: saved.expYear,
      holder: saved.holder,
    });
    // A card removed earlier and verified again comes back.
    if (card.removed_at !== null) {
      await trx.updateTable('saved_cards').set({ removed_at: null }).where('id', '=', card.id).execute();
    }
    await trx
      .updateTable('card_verifications')
      .set({ status: 'saved', saved_card_id: card.id, completed_at: at })
      .where('id', '=', verification.id)
      .execute();
    // The refund is owed from the moment the card is saved: queued with it, so a failed call is tried again later.
    await enqueueJob(trx, {
      queue: VERIFICATION_REFUND_QUEUE,
      payload: { verificationId: verification.id },
      runAt: at,
      singletonKey: `${VERIFICATION_REFUND_QUEUE}:${verification.id}`,
    });
  });
  try {
    await refundVerification(deps, verification.id);
  } catch {
    // The queued job refunds it on a later pass (the same idempotency key: one refund at the bank).
  }
  return 'saved';
}

export const VERIFICATION_REFUND_QUEUE = 'card.verification_refund';

/** Refunds a saved card's verification cent, once (idempotency key per verification); safe to run twice. */
export async function refundVerification(deps: Pick<AddCardDeps, 'db' | 'gateway'>, verificationId: number) {
  const verification = await deps.db
    .selectFrom('card_verifications')
    .selectAll()
    .where('id', '=', verificationId)
    .executeTakeFirst();
  if (!verification?.bank_session_id || verification.refund_id !== null) return;
  const session = await deps.gateway.getPaymentSession(verification.bank_session_id);
  if (session?.status !== 'captured') return;
  let refundId = `already-refunded:${session.id}`;
  if (session.amountRefundedCents < session.amountCents) {
    const refund = await deps.gateway.refund({
      paymentSessionId: session.id,
      amountCents: session.amountCents - session.amountRefundedCents,
      idempotencyKey: `${verification.public_id}:refund`,
    });
    refundId = refund.id;
  }
  await deps.db
    .updateTable('card_verifications')
    .set({ refund_id: refundId })
    .where('id', '=', verificationId)
    .where('refund_id', 'is', null)
    .execute();
}

/** Runs the verification refunds still owed (the renewal pass calls this: it already runs hourly). */
export async function refundOwedVerifications(deps: Pick<AddCardDeps, 'db' | 'gateway' | 'clock'>): Promise<number> {
  return drainDueJobs(deps.db, {
    queue: VERIFICATION_REFUND_QUEUE,
    now: () => deps.clock.now(),
    handle: (job) => refundVerification(deps, (job.payload as { verificationId: number }).verificationId),
  });
}
