import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import type { BankDatabase, PaymentSessionRow } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { lockMerchantSession, transitionSession } from './payment-session-repository.ts';

export const capturePaymentSchema = z.strictObject({
  /** Cents to take, at most the amount authorized; the whole authorization when left out. */
  amount: z.number().int().positive().max(100_000_000).optional(),
});

export type CapturePaymentRequest = z.infer<typeof capturePaymentSchema>;

/**
 * Takes the money an authorization holds: all of it, or part (the rest is released, never captured later). Runs in
 * the caller's transaction with the session locked, so two captures cannot both succeed; only an `authorized` session
 * can be captured (409 `not_capturable` otherwise, a captured one included: the idempotency key replays an answer,
 * a new key is a new request). The caller brings the session up to date first, so a lapsed hold is already voided.
 */
export async function capturePayment(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  merchant: Merchant,
  sessionId: string,
  request: CapturePaymentRequest,
): Promise<PaymentSessionRow> {
  const session = await lockMerchantSession(trx, merchant.id, sessionId);
  if (!session) throw new BankError('payment_session_not_found');
  if (session.status !== 'authorized') throw new BankError('not_capturable', { status: session.status });
  const amount = request.amount ?? session.amount_cents;
  if (amount > session.amount_cents) {
    throw new BankError('capture_exceeds_authorized', { capturable: session.amount_cents });
  }
  const at = ctx.clock.now();
  const captured = await transitionSession(trx, {
    id: session.id,
    from: 'authorized',
    to: 'captured',
    at,
    reason: amount < session.amount_cents ? `partial capture: ${amount} of ${session.amount_cents}` : 'captured',
    set: { amount_captured_cents: amount, captured_at: at },
  });
  if (!captured) throw new Error(`payment session ${session.id} moved while locked`);
  ctx.logger.info({ paymentSessionId: session.id, amount }, 'payment captured');
  return captured;
}
