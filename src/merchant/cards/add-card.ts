import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
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
  if (session.status !== 'authorized' || !session.savedCard) {
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
  });
  if (session.amountRefundedCents < session.amountCents) {
    const refund = await deps.gateway.refund({
      paymentSessionId: session.id,
      amountCents: session.amountCents - session.amountRefundedCents,
      idempotencyKey: `${input.publicId}:refund`,
    });
    await deps.db
      .updateTable('card_verifications')
      .set({ refund_id: refund.id })
      .where('id', '=', verification.id)
      .execute();
  }
  return 'saved';
}
