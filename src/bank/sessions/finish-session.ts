import type { Transaction, Updateable } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import { eraseTransientCard, findCard, setCardStatus } from '../cards/card-repository.ts';
import type { DeclineCode } from '../charges/decline-codes.ts';
import type {
  BankDatabase,
  CancelReason,
  CardRow,
  PaymentSessionRow,
  PaymentSessionsTable,
  TransStatus,
} from '../db/schema.ts';
import { newAuthorizationCode, newId } from '../ids.ts';
import { transitionSession } from './payment-session-repository.ts';
import { toApiPaymentSession } from './session-representation.ts';

export type SessionOutcome =
  | { status: 'authorized' }
  | { status: 'declined'; declineCode: DeclineCode }
  | { status: 'failed'; declineCode: DeclineCode; transStatus?: TransStatus }
  | { status: 'expired' }
  /** Withdrawn before the customer finished: by the merchant (API) or by the customer ("Annulla pagamento"). */
  | { status: 'cancelled'; by: CancelReason };

/**
 * Ends the customer's part of a session in one transaction: the outcome (compare-and-set), the card saved or its
 * number erased, and the notification to the merchant written to the outbox — so a crash can lose none of them
 * without losing all of them. An authorization under automatic capture is captured in the same transaction (both
 * moves in the history), and the notification then says `captured`. Returns undefined when the session had already
 * left `session.status`.
 */
export async function finishSession(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  outcome: SessionOutcome,
  options: {
    /** Other columns written with the final status, e.g. the 3-D Secure result. */
    set?: Omit<Updateable<PaymentSessionsTable>, 'status' | 'id'>;
    /** The session's card when the caller has read it already (the notification shows it). */
    card?: CardRow;
  } = {},
): Promise<PaymentSessionRow | undefined> {
  const at = ctx.clock.now();
  const set: Updateable<PaymentSessionsTable> = { ...options.set, completed_at: at };
  if (outcome.status === 'authorized') {
    set.authorization_code = newAuthorizationCode();
    set.authorization_expires_at = new Date(at.getTime() + ctx.config.authorizationTtlSeconds * 1000);
  }
  if (outcome.status === 'declined' || outcome.status === 'failed') set.decline_code = outcome.declineCode;
  if (outcome.status === 'failed' && outcome.transStatus) set.trans_status = outcome.transStatus;
  if (outcome.status === 'cancelled') set.cancel_reason = outcome.by;
  let finished = await transitionSession(trx, {
    id: session.id,
    from: session.status,
    to: outcome.status,
    at,
    reason:
      'declineCode' in outcome
        ? outcome.declineCode
        : outcome.status === 'cancelled'
          ? `by the ${outcome.by}`
          : undefined,
    set,
  });
  if (!finished) return undefined;
  if (finished.status === 'authorized' && finished.capture_method === 'automatic') {
    finished = await transitionSession(trx, {
      id: finished.id,
      from: 'authorized',
      to: 'captured',
      at,
      reason: 'automatic capture',
      set: { amount_captured_cents: finished.amount_cents, captured_at: at },
    });
    if (!finished) throw new Error(`payment session ${session.id} changed while it was being captured`);
  }
  if (outcome.status === 'cancelled' || outcome.status === 'expired') {
    await trx
      .updateTable('challenges')
      .set({ status: outcome.status, decided_at: at })
      .where('payment_session_id', '=', session.id)
      .where('status', '=', 'pending')
      .execute();
  }

  let card = options.card?.token === finished.card_token ? options.card : undefined;
  // A saved card is active, never transient: it has nothing to keep or erase here.
  if (finished.card_token && !finished.uses_saved_card) {
    if (outcome.status === 'authorized' && finished.save_card) {
      const saved = await setCardStatus(trx, finished.card_token, 'transient', 'active');
      if (card && saved) card = { ...card, status: 'active' };
    } else {
      await eraseTransientCard(trx, finished.card_token);
    }
  }
  if (finished.card_token && !card) card = await findCard(trx, finished.card_token);
  const eventId = newId('evt');
  const payload = JSON.stringify({
    id: eventId,
    type: `payment_session.${finished.status}`,
    created_at: at.toISOString(),
    payment_session: toApiPaymentSession(finished, card, ctx.config.publicUrl),
  });
  await trx
    .insertInto('notifications')
    .values({
      id: eventId,
      merchant_id: finished.merchant_id,
      payment_session_id: finished.id,
      url: finished.notify_url,
      payload,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('payment_session_id').doNothing())
    .execute();
  ctx.logger.info(
    { paymentSessionId: finished.id, status: finished.status, declineCode: finished.decline_code },
    'payment session ended',
  );
  return finished;
}
