import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, RenewalCharge, SavedCard } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { businessDate } from '../../shared/business-time.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { type ChargeResult, GatewayError } from '../gateway/payment-gateway.ts';
import { DOUBLE_CHARGE_REFUND_QUEUE } from './refund-double-charge.ts';
import type { RenewalChargeJob, RenewalDeps } from './renewal-deps.ts';
import { applyFailure, applySuccess } from './renewal-outcomes.ts';
import { insertChargeOnce, lockRenewal, transitionRenewal } from './renewal-repository.ts';
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
    };

/**
 * Thrown when the customer is paying the order by hand right now (an open payment attempt): charging the saved card
 * as well could take the money twice. The job runs again later, when that attempt has settled.
 */
export class ChargeDeferred extends Error {
  override name = 'ChargeDeferred';
}

type Prepared = { kind: 'charge'; charge: RenewalCharge; card: SavedCard } | { kind: 'done'; outcome: ChargeOutcome };

/**
 * One try of a renewal charge (a `renewal.charge` job). Three steps, as every call to the bank: write the charge row
 * (with its idempotency key) in a short transaction, call the bank outside any transaction, apply the answer in
 * another short transaction under the renewal's and the order's row locks. Running it twice, or two workers at once,
 * charges once: the second finds the renewal settled, or sends the same idempotency key and gets the same charge.
 * An expired card is never sent to the bank.
 */
export async function chargeRenewal(deps: RenewalDeps, job: RenewalChargeJob): Promise<ChargeOutcome> {
  const prepared = await deps.db.transaction().execute((trx) => prepareCharge(trx, deps, job));
  if (prepared.kind === 'done') return prepared.outcome;
  const { charge, card } = prepared;

  let result: ChargeResult;
  try {
    result = await deps.gateway.chargeSavedCard({
      cardToken: card.bank_token,
      amountCents: charge.amount_cents,
      currency: 'EUR',
      reference: `renewal-${charge.renewal_id}-${charge.attempt_no}`,
      idempotencyKey: charge.idempotency_key,
    });
  } catch (error) {
    // The bank no longer knows the card: as final as a hard decline. Anything else (unreachable) is thrown so the job
    // runs again later with the same key.
    if (!(error instanceof GatewayError && error.kind === 'rejected' && error.code === 'card_not_found')) throw error;
    result = {
      id: '',
      status: 'declined',
      declineReason: 'card_not_active',
      declineKind: 'hard',
      authorizationCode: null,
    };
  }
  return deps.db.transaction().execute((trx) => applyResult(trx, deps, { charge, card, result }));
}

async function prepareCharge(trx: Trx, deps: RenewalDeps, job: RenewalChargeJob): Promise<Prepared> {
  const now = deps.clock.now();
  const renewal = await lockRenewal(trx, job.renewalId);
  if (!renewal || !isChargeable(renewal.status) || renewal.charge_count >= job.attemptNo) {
    return { kind: 'done', outcome: { kind: 'skipped', reason: 'already_settled' } };
  }
  const order = await lockOrder(trx, renewal.order_id);
  const subscription = await trx
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', renewal.subscription_id)
    .executeTakeFirstOrThrow();
  const close = async (reason: Extract<ChargeOutcome, { kind: 'skipped' }>['reason']): Promise<Prepared> => {
    await transitionRenewal(trx, { renewal, to: 'closed', reason, at: now, set: { next_charge_at: null } });
    return { kind: 'done', outcome: { kind: 'skipped', reason } };
  };
  if (order.state === 'paid') return close('order_paid');
  if (order.state === 'cancelled') return close('order_cancelled');
  if (!subscription.auto_renew || subscription.auto_renew_card_id === null) return close('auto_renew_off');
  if (subscription.expires_on === null || subscription.expires_on <= businessDate(now, deps.settings.timeZone))
    return close('service_expired');
  const paying = await trx
    .selectFrom('payment_attempts')
    .select('public_id')
    .where('order_id', '=', order.id)
    .where('status', 'in', ['created', 'redirected', 'authenticating'])
    .executeTakeFirst();
  if (paying) throw new ChargeDeferred(`order ${order.number} is being paid by hand (${paying.public_id})`);
  // The card renewal uses now (the customer may have changed it since the renewal opened).
  const card = await findSavedCardById(trx, subscription.auto_renew_card_id);
  if (!card || card.removed_at !== null) return close('no_card');
  if (isCardExpired(card, now, deps.settings.timeZone)) {
    await applyFailure(trx, deps, { renewal, order, card, declineReason: 'expired_card', at: now });
    return { kind: 'done', outcome: { kind: 'declined', reason: 'expired_card', after: 'give_up' } };
  }
  const charge = await insertChargeOnce(trx, {
    renewalId: renewal.id,
    orderId: order.id,
    attemptNo: job.attemptNo,
    cardId: card.id,
    amountCents: order.total_cents,
    currency: order.currency,
    at: now,
  });
  if (charge.status !== 'pending') return { kind: 'done', outcome: { kind: 'skipped', reason: 'already_settled' } };
  const chargedCard = charge.card_id === card.id ? card : await findSavedCardById(trx, charge.card_id);
  return { kind: 'charge', charge, card: chargedCard ?? card };
}

async function applyResult(
  trx: Trx,
  deps: RenewalDeps,
  input: { charge: RenewalCharge; card: SavedCard; result: ChargeResult },
): Promise<ChargeOutcome> {
  const { charge, card, result } = input;
  const at = deps.clock.now();
  const renewal = await lockRenewal(trx, charge.renewal_id);
  const order = await lockOrder(trx, charge.order_id);
  const recorded = await trx
    .updateTable('renewal_charges')
    .set({
      status: result.status,
      bank_charge_id: result.id || null,
      decline_reason: result.declineReason,
      decline_kind: result.declineKind,
      completed_at: at,
    })
    .where('id', '=', charge.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (recorded.numUpdatedRows === 0n || !renewal || !isChargeable(renewal.status)) {
    return { kind: 'skipped', reason: 'already_settled' };
  }
  if (result.status === 'approved') {
    if (order.state !== 'awaiting_payment') {
      // Paid by hand between our check and the bank's answer: the customer would have paid twice. The refund is owed
      // from this commit on, so it is queued in it; the call to the bank happens after, outside the transaction.
      deps.logger.warn(
        { order: order.number, charge: result.id },
        'renewal charged an order already settled: refunding',
      );
      await enqueueJob(trx, {
        queue: DOUBLE_CHARGE_REFUND_QUEUE,
        payload: { chargeId: charge.id },
        runAt: at,
        singletonKey: `${DOUBLE_CHARGE_REFUND_QUEUE}:${charge.id}`,
      });
      await transitionRenewal(trx, {
        renewal,
        to: 'closed',
        reason: `charge ${result.id} approved after ${order.state}`,
        at,
      });
      return { kind: 'skipped', reason: order.state === 'paid' ? 'order_paid' : 'order_cancelled' };
    }
    await applySuccess(trx, {
      renewal,
      order,
      card,
      chargeId: result.id,
      attemptNo: charge.attempt_no,
      at,
      timeZone: deps.settings.timeZone,
    });
    return { kind: 'approved' };
  }
  const reason = result.declineReason ?? 'unknown';
  const decision = await applyFailure(trx, deps, {
    renewal,
    order,
    card,
    declineReason: reason,
    declineKind: result.declineKind,
    attemptNo: charge.attempt_no,
    at,
  });
  return { kind: 'declined', reason, after: decision.next };
}

async function lockOrder(trx: Trx, orderId: number): Promise<Order> {
  return trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
}
