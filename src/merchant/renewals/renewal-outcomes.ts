import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, Renewal, SavedCard } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { businessDate } from '../../shared/business-time.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordServiceEvent } from '../events/resource-events.ts';
import { lockSubscriptionWithProduct } from '../subscriptions/subscription-updates.ts';
import { RENEWAL_CHARGE_QUEUE, type RenewalDeps, renewalChargeJobKey } from './renewal-deps.ts';
import { transitionRenewal } from './renewal-repository.ts';
import { type AfterDecline, decideAfterDecline } from './retry-policy.ts';

type Trx = Transaction<MerchantDatabase>;
type Card = Pick<SavedCard, 'brand' | 'last4'>;

async function customerOf(trx: Trx, customerId: number) {
  return trx
    .selectFrom('customers')
    .select(['id', 'email', 'locale'])
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
}

/**
 * A declined (or not attempted: expired card) renewal charge. Decides what follows (retry-policy.ts), moves the
 * renewal, queues the next try in the same transaction, and tells the customer: once when retries are scheduled, once
 * when the renewal needs them (hard decline, retries used up, or 3-D Secure required), each with a direct "Paga" link.
 * The order stays awaiting payment; automatic renewal stays on its card (paying by hand does not move it).
 */
export async function applyFailure(
  trx: Trx,
  deps: Pick<RenewalDeps, 'settings'>,
  input: {
    renewal: Renewal;
    order: Order;
    card: Card;
    declineReason: string;
    declineKind?: 'hard' | 'soft' | null;
    /** The try that was declined; undefined when no charge was made (expired card). */
    attemptNo?: number;
    at: Date;
  },
): Promise<AfterDecline> {
  const { renewal, order, at } = input;
  const { subscription, product } = await lockSubscriptionWithProduct(trx, order.subscription_id);
  const expiresOn = subscription.expires_on as string;
  const decision: AfterDecline =
    input.attemptNo === undefined
      ? { next: 'give_up', why: 'hard_decline' }
      : decideAfterDecline({
          reason: input.declineReason,
          kind: input.declineKind ?? null,
          attemptNo: input.attemptNo,
          firstTriedAt: renewal.first_charged_at ?? at,
          expiresOn,
          retryDays: deps.settings.retryDays,
          timeZone: deps.settings.timeZone,
        });
  const to =
    decision.next === 'retry' ? 'retry_scheduled' : decision.next === 'action_required' ? 'action_required' : 'failed';
  const moved = await transitionRenewal(trx, {
    renewal,
    to,
    reason: `${input.declineReason}${decision.next === 'give_up' ? ` (${decision.why})` : ''}`,
    at,
    set: {
      charge_count: input.attemptNo ?? renewal.charge_count,
      first_charged_at: renewal.first_charged_at ?? (input.attemptNo ? at : null),
      last_decline_reason: input.declineReason,
      next_charge_at: decision.next === 'retry' ? decision.at : null,
    },
  });
  if (!moved.ok) throw new Error(`renewal ${renewal.id} moved while it was being charged`);
  if (decision.next === 'retry') {
    const job = { renewalId: renewal.id, attemptNo: decision.attemptNo };
    await enqueueJob(trx, {
      queue: RENEWAL_CHARGE_QUEUE,
      payload: { ...job },
      runAt: decision.at,
      at,
      singletonKey: renewalChargeJobKey(job),
    });
  }
  const customer = await customerOf(trx, renewal.customer_id);
  await enqueueEmail(trx, {
    at,
    dedupeKey: `renewal_failed:order:${order.id}:${decision.next === 'retry' ? 'retrying' : 'final'}`,
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: 'renewal_failed',
    data: {
      subscriptionId: subscription.id,
      productCode: product.code,
      label: subscription.label,
      orderId: order.id,
      orderNumber: order.number,
      totalCents: order.total_cents,
      currency: order.currency,
      card: { brand: input.card.brand, last4: input.card.last4 },
      declineCode: input.declineReason,
      actionRequired: decision.next === 'action_required',
      nextRetryOn: decision.next === 'retry' ? businessDate(decision.at, deps.settings.timeZone) : null,
      expiresOn,
    },
  });
  await recordServiceEvent(trx, 'renewal.failed', subscription.id, at, { order: order.id });
  return decision;
}
