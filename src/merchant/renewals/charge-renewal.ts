import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, PaymentAttempt, SavedCard } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { pausePoint } from '../../shared/pause-point.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { type ChargeResult, GatewayError } from '../gateway/payment-gateway.ts';
import { enqueueReconcile } from '../payments/attempt-jobs.ts';
import { insertAttempt } from '../payments/attempt-repository.ts';
import { newAttemptPublicId } from '../payments/public-ids.ts';
import { applyChargeResult, type ChargeOutcome, renewalChargeCall } from './apply-charge-result.ts';
import type { RenewalChargeJob, RenewalDeps } from './renewal-deps.ts';
import { applyFailure } from './renewal-outcomes.ts';
import { lockRenewal, transitionRenewal } from './renewal-repository.ts';
import { isChargeable } from './renewal-states.ts';

export type { ChargeOutcome } from './apply-charge-result.ts';

type Trx = Transaction<MerchantDatabase>;

type Prepared = { kind: 'charge'; attempt: PaymentAttempt; card: SavedCard } | { kind: 'done'; outcome: ChargeOutcome };

/**
 * One try of a renewal charge (a `renewal.charge` job). Three steps, as every call to the bank: write the attempt (a
 * `renewal_charge`, with the try's idempotency key) in a short transaction that holds the order's lock — the
 * order's one open attempt, so the customer cannot start paying it by hand meanwhile ("Pagamento in corso") — call
 * the bank outside any transaction, apply the answer in another short transaction. Running it twice, or two workers
 * at once, charges once: the second finds the renewal settled, or reuses the attempt and sends the same key.
 * An expired card is never sent to the bank; an order the customer is paying by hand right now waits.
 */
export async function chargeRenewal(deps: RenewalDeps, job: RenewalChargeJob): Promise<ChargeOutcome> {
  const prepared = await deps.db.transaction().execute((trx) => prepareCharge(trx, deps, job));
  if (prepared.kind === 'done') return prepared.outcome;
  const { attempt, card } = prepared;
  let result: ChargeResult;
  try {
    result = await deps.gateway.chargeSavedCard({ cardToken: card.bank_token, ...renewalChargeCall(attempt) });
  } catch (error) {
    // The bank no longer knows the card: as final as a hard decline. Anything else (unreachable, still in progress) is
    // thrown so the job runs again later with the same key (and the reconciliation asks the bank meanwhile).
    if (!(error instanceof GatewayError && error.kind === 'instrument_gone')) throw error;
    result = {
      id: '',
      reference: renewalChargeCall(attempt).reference,
      amountCents: attempt.amount_cents,
      amountRefundedCents: 0,
      status: 'declined',
      declineReason: 'card_not_active',
      declineKind: 'hard',
      authorizationCode: null,
    };
  }
  await pausePoint('renewal.charge.answered');
  return deps.db.transaction().execute((trx) => applyChargeResult(trx, deps, { attemptId: attempt.id, card, result }));
}

async function prepareCharge(trx: Trx, deps: RenewalDeps, job: RenewalChargeJob): Promise<Prepared> {
  const now = deps.clock.now();
  const head = await trx.selectFrom('renewals').select('order_id').where('id', '=', job.renewalId).executeTakeFirst();
  if (!head) return { kind: 'done', outcome: { kind: 'skipped', reason: 'already_settled' } };
  const order = await lockOrder(trx, head.order_id);
  const renewal = await lockRenewal(trx, job.renewalId);
  if (!renewal || !isChargeable(renewal.status) || renewal.charge_count >= job.attemptNo) {
    return { kind: 'done', outcome: { kind: 'skipped', reason: 'already_settled' } };
  }
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
  if (subscription.expires_on === null || subscription.expires_on <= businessDate(now, deps.settings.timeZone)) {
    return close('service_expired');
  }
  // The card renewal uses now (the customer may have changed it since the renewal opened).
  const card = await findSavedCardById(trx, subscription.auto_renew_card_id);
  if (!card || card.removed_at !== null) return close('no_card');
  if (isCardExpired(card, now, deps.settings.timeZone)) {
    await applyFailure(trx, deps, { renewal, order, card, declineReason: 'expired_card', at: now });
    return { kind: 'done', outcome: { kind: 'declined', reason: 'expired_card', after: 'give_up' } };
  }
  const inserted = await insertAttempt(trx, {
    publicId: newAttemptPublicId(),
    purpose: 'renewal_charge',
    gateway: deps.gateway.name,
    orderId: order.id,
    customerId: order.customer_id,
    requestKey: null,
    amountCents: order.total_cents,
    currency: order.currency,
    savedCardId: card.id,
    renewal: { id: renewal.id, try: job.attemptNo },
    at: now,
  });
  if (inserted.kind === 'order_busy') {
    return {
      kind: 'done',
      outcome: { kind: 'deferred', reason: 'payment_in_progress', attempt: inserted.open.public_id },
    };
  }
  const { attempt } = inserted;
  if (inserted.kind === 'created') await enqueueReconcile(trx, attempt, now);
  if (attempt.status !== 'created') return { kind: 'done', outcome: { kind: 'skipped', reason: 'already_settled' } };
  const chargedCard =
    attempt.saved_card_id === card.id ? card : await findSavedCardById(trx, attempt.saved_card_id ?? card.id);
  return { kind: 'charge', attempt, card: chargedCard ?? card };
}

async function lockOrder(trx: Trx, orderId: number): Promise<Order> {
  return trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirstOrThrow();
}
