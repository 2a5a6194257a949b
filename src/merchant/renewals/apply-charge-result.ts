import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt, SavedCard } from '../../db/schema.ts';
import type { ChargeResult } from '../gateway/payment-gateway.ts';
import { markOrderPaid } from '../orders/mark-order-paid.ts';
import { enqueueRefund } from '../payments/attempt-jobs.ts';
import { lockAttempt, transitionAttempt } from '../payments/attempt-repository.ts';
import type { RenewalDeps } from './renewal-deps.ts';
import { applyFailure } from './renewal-outcomes.ts';
import { lockRenewal, transitionRenewal } from './renewal-repository.ts';
import { isChargeable } from './renewal-states.ts';
import type { AfterDecline } from './retry-policy.ts';

type Trx = Transaction<MerchantDatabase>;

export type ChargeOutcome =
  | { kind: 'approved' }
  | { kind: 'declined'; reason: string; after: AfterDecline['next'] }
  /** Nothing was charged and nothing more will be for this renewal, or this try already ran. */
  | {
      kind: 'skipped';
      reason: 'already_settled' | 'order_paid' | 'order_cancelled' | 'auto_renew_off' | 'service_expired' | 'no_card';
    }
  /** The customer is paying the order by hand right now (its open attempt): the charge waits for it to settle. */
  | { kind: 'deferred'; reason: 'payment_in_progress'; attempt: string };

/** What the bank is asked for a renewal try: the same order and try always carry the same key and reference. */
export function renewalChargeCall(
  attempt: Pick<PaymentAttempt, 'order_id' | 'renewal_id' | 'renewal_try' | 'amount_cents'>,
) {
  return {
    amountCents: attempt.amount_cents,
    currency: 'EUR' as const,
    reference: `renewal-${attempt.renewal_id}-${attempt.renewal_try}`,
    idempotencyKey: `renewal:order:${attempt.order_id}:try:${attempt.renewal_try}`,
  };
}

/**
 * Applies the bank's answer to a renewal charge attempt, once, whoever brings it (the charge job, or the
 * reconciliation that found the charge at the bank after a crash): under the order's lock, then the attempt's, then
 * the renewal's (LOCK_ORDER). An approval pays the order through markOrderPaid; one that arrives for an order no longer
 * awaiting payment is given back (a refund job, queued here). A decline moves the renewal per the retry policy.
 */
export async function applyChargeResult(
  trx: Trx,
  deps: RenewalDeps,
  input: { attemptId: number; card: Pick<SavedCard, 'brand' | 'last4'>; result: ChargeResult },
): Promise<ChargeOutcome> {
  const { card, result } = input;
  const at = deps.clock.now();
  const head = await trx
    .selectFrom('payment_attempts')
    .select(['order_id', 'renewal_id'])
    .where('id', '=', input.attemptId)
    .executeTakeFirstOrThrow();
  const order = await trx
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', head.order_id as number)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const attempt = await lockAttempt(trx, input.attemptId);
  const renewal = await lockRenewal(trx, head.renewal_id as number);
  if (attempt?.status !== 'created' || !renewal) return { kind: 'skipped', reason: 'already_settled' };
  const bankColumns = {
    bank_charge_id: result.id || null,
    authorization_code: result.authorizationCode,
    card_brand: card.brand,
    card_last4: card.last4,
    completed_at: at,
  };
  const tryNo = attempt.renewal_try as number;

  if (result.status === 'approved') {
    if (order.state !== 'awaiting_payment' || !isChargeable(renewal.status)) {
      // Paid or cancelled by hand before the answer was recorded: the customer would have paid twice.
      const owed = await transitionAttempt(trx, {
        attemptId: attempt.id,
        from: 'created',
        to: 'refund_pending',
        reason: `charge ${result.id} approved for an order ${order.state}`,
        at,
        set: bankColumns,
      });
      if (owed.ok) await enqueueRefund(trx, owed.attempt, at);
      if (isChargeable(renewal.status)) {
        await transitionRenewal(trx, {
          renewal,
          to: 'closed',
          reason: `charge ${result.id} approved after ${order.state}`,
          at,
        });
      }
      deps.logger.warn(
        { order: order.number, charge: result.id },
        'renewal charged an order already settled: refunding',
      );
      return { kind: 'skipped', reason: order.state === 'cancelled' ? 'order_cancelled' : 'order_paid' };
    }
    const captured = await transitionAttempt(trx, {
      attemptId: attempt.id,
      from: 'created',
      to: 'captured',
      reason: `charge ${result.id} approved`,
      at,
      set: bankColumns,
    });
    if (!captured.ok) throw new Error(`renewal attempt ${attempt.public_id}: ${captured.reason}`);
    const paid = await markOrderPaid(trx, {
      order,
      attempt: captured.attempt,
      channel: 'renewal',
      card,
      at,
      renewalLeadDays: deps.settings.leadDays,
      timeZone: deps.settings.timeZone,
      fiscalProvider: deps.settings.fiscalProvider,
    });
    if (!paid.ok) throw new Error(`order ${order.number}: ${paid.reason}`);
    const moved = await transitionRenewal(trx, {
      renewal,
      to: 'succeeded',
      reason: `charge ${result.id} approved`,
      at,
      set: { charge_count: tryNo, next_charge_at: null, first_charged_at: renewal.first_charged_at ?? at },
    });
    if (!moved.ok) throw new Error(`renewal ${renewal.id} moved while it was being charged`);
    return { kind: 'approved' };
  }

  const reason = result.declineReason ?? 'unknown';
  await transitionAttempt(trx, {
    attemptId: attempt.id,
    from: 'created',
    to: 'declined',
    reason,
    at,
    set: { ...bankColumns, decline_reason: reason, decline_kind: result.declineKind },
  });
  if (!isChargeable(renewal.status)) return { kind: 'skipped', reason: 'already_settled' };
  const decision = await applyFailure(trx, deps, {
    renewal,
    order,
    card,
    declineReason: reason,
    declineKind: result.declineKind,
    attemptNo: tryNo,
    at,
  });
  return { kind: 'declined', reason, after: decision.next };
}
