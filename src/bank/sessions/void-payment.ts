import type { Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import type { BankDatabase, PaymentSessionRow } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { lockMerchantSession, transitionSession } from './payment-session-repository.ts';

/**
 * Releases an authorization without taking anything (a duplicate, a card verification). Voiding a voided session
 * changes nothing and answers it as it stands; a captured one is 409 `not_voidable` (refund it instead), and so is
 * any session that never held money.
 */
export async function voidPayment(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  merchant: Merchant,
  sessionId: string,
): Promise<PaymentSessionRow> {
  const session = await lockMerchantSession(trx, merchant.id, sessionId);
  if (!session) throw new BankError('payment_session_not_found');
  if (session.status === 'voided') return session;
  if (session.status !== 'authorized') throw new BankError('not_voidable', { status: session.status });
  const at = ctx.clock.now();
  const voided = await transitionSession(trx, {
    id: session.id,
    from: 'authorized',
    to: 'voided',
    at,
    reason: 'voided by the merchant',
    set: { void_reason: 'merchant', voided_at: at },
  });
  if (!voided) throw new Error(`payment session ${session.id} moved while locked`);
  ctx.logger.info({ paymentSessionId: session.id }, 'authorization voided');
  return voided;
}
