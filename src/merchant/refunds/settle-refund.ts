import type { Refund } from '../../db/schema.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import { findAttemptById } from '../payments/attempt-repository.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { applyRefundFailed, applyRefundSucceeded } from './apply-refund.ts';
import { findRefundById } from './refund-repository.ts';

export type SettleRefundResult =
  /** The bank answered (or had answered): the refund is `succeeded` or `failed` now. */
  | { kind: 'settled'; refund: Refund }
  /** No usable answer: the refund stays `pending`, to be asked again with the same key. */
  | { kind: 'retry'; refund: Refund; reason: string };

/** The bank's idempotency key of a refund: derived from its row, so asking again never refunds twice. */
export function refundBankKey(attemptPublicId: string, refundId: number): string {
  return `${attemptPublicId}:refund:${refundId}`;
}

/**
 * Asks the bank for a pending refund, outside any transaction, then applies its answer in a short one
 * (apply-refund.ts). Called at once by requestRefund and, for a refund still pending, by its job; both may run at
 * once: the bank answers the same key with the same refund, and only one of them applies it.
 */
export async function settleRefund(deps: PaymentDeps, refundId: number): Promise<SettleRefundResult> {
  const refund = await findRefundById(deps.db, refundId);
  if (!refund) throw new Error(`no refund ${refundId}`);
  if (refund.status !== 'pending') return { kind: 'settled', refund };
  const attempt = await findAttemptById(deps.db, Number(refund.attempt_id));
  if (!attempt) throw new Error(`refund ${refundId} names no payment`);
  const target: { chargeId: string } | { paymentSessionId: string } | undefined = attempt.bank_charge_id
    ? { chargeId: attempt.bank_charge_id }
    : attempt.bank_session_id
      ? { paymentSessionId: attempt.bank_session_id }
      : undefined;
  if (!target) return { kind: 'settled', refund: await applyRefundFailed(deps, refund, 'no_bank_payment') };
  let bankRefundId: string;
  try {
    const answer = await deps.gateway.refund({
      ...target,
      amountCents: refund.amount_cents,
      idempotencyKey: refundBankKey(attempt.public_id, Number(refund.id)),
    });
    bankRefundId = answer.id;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    if (error.kind === 'retry_later' || error.kind === 'in_progress') {
      deps.logger.warn({ refund: refund.id, error: error.message }, 'refund not answered by the bank: retried later');
      return { kind: 'retry', refund, reason: `refund: ${error.kind} ${error.code}` };
    }
    return { kind: 'settled', refund: await applyRefundFailed(deps, refund, error.code) };
  }
  return { kind: 'settled', refund: await applyRefundSucceeded(deps, refund, bankRefundId) };
}
