import type { Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import type { BankDatabase, CancelReason, PaymentSessionRow } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { finishSession } from './finish-session.ts';
import { lockMerchantSession, lockSession } from './payment-session-repository.ts';
import { isOpen } from './payment-session-states.ts';

/**
 * The merchant withdraws a session the customer has not finished (it is superseding it with another): the session
 * ends `cancelled`, like any other ending (pending challenge closed, typed card erased, merchant notified). Every later
 * step of the customer (card form, "Invio dati", a code, an app approval) moves the session by compare-and-set from an
 * open state, under the same row lock, so none can authorize it any more. A session whose customer part already
 * ended is left as it is and answered as it stands: the merchant must learn that it was authorized after all.
 */
export async function cancelPaymentSession(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  merchant: Merchant,
  sessionId: string,
): Promise<PaymentSessionRow> {
  const session = await lockMerchantSession(trx, merchant.id, sessionId);
  if (!session) throw new BankError('payment_session_not_found');
  return cancelLocked(trx, ctx, session, 'merchant');
}

/**
 * "Annulla pagamento" on the hosted page: the customer gives the payment up. The same move as the merchant's cancel,
 * under the same lock, recorded as the customer's (`cancel_reason`), so the merchant reads it as a payment abandoned
 * rather than replaced. A session that had just ended (an app approval answered a moment earlier) stays as it is.
 */
export async function cancelByCustomer(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  sessionId: string,
): Promise<PaymentSessionRow> {
  const session = await lockSession(trx, sessionId);
  if (!session) throw new BankError('payment_session_not_found');
  return cancelLocked(trx, ctx, session, 'customer');
}

async function cancelLocked(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  by: CancelReason,
): Promise<PaymentSessionRow> {
  if (!isOpen(session.status)) return session;
  const cancelled = await finishSession(trx, ctx, session, { status: 'cancelled', by });
  if (!cancelled) throw new Error(`payment session ${session.id} moved while locked`);
  return cancelled;
}
