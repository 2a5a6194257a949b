import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { createOrder } from '../orders/create-order.ts';
import { RENEWAL_CHARGE_QUEUE, type RenewalDeps, renewalChargeJobKey } from './renewal-deps.ts';
import { applyFailure } from './renewal-outcomes.ts';
import { findRenewalForPeriod, insertRenewal } from './renewal-repository.ts';

/** Whether the renewal's order was made now, or was an order of the service already awaiting payment. */
export type RenewalOrderSource = 'opened' | 'adopted';

export type OpenOutcome =
  | { kind: 'queued'; renewalId: number; order: RenewalOrderSource }
  /** The card on file has expired: it is never charged; the order waits for the customer. */
  | { kind: 'card_expired'; renewalId: number; order: RenewalOrderSource }
  | { kind: 'skipped'; reason: 'already_open' | 'not_due' | 'auto_renew_off' | 'no_card' };

/**
 * Opens one service's renewal for its current period, in one transaction: the renewal order (an order of the service
 * still awaiting payment that no renewal owns is adopted rather than duplicated), the renewal row (unique per service
 * and period) and its first charge job. Concurrent passes open it once: the unique constraint on (service, period)
 * makes the second one's transaction fail, and nothing of it stays. The service row is read, not locked, so that the
 * only row this locks first is an adopted order (LOCK_ORDER in orders/mark-order-paid.ts): a customer paying that
 * order at the same moment waits for this, or this for them, and neither for the other's next lock.
 */
export async function openRenewal(deps: RenewalDeps, subscriptionId: number): Promise<OpenOutcome> {
  const now = deps.clock.now();
  const today = businessDate(now, deps.settings.timeZone);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const subscription = await trx
        .selectFrom('subscriptions')
        .selectAll()
        .where('id', '=', subscriptionId)
        .executeTakeFirstOrThrow();
      const expiresOn = subscription.expires_on;
      if (!subscription.auto_renew) return { kind: 'skipped', reason: 'auto_renew_off' } as const;
      if (subscription.status !== 'active' || expiresOn === null || expiresOn <= today) {
        return { kind: 'skipped', reason: 'not_due' } as const;
      }
      if (expiresOn > addDays(today, deps.settings.leadDays)) return { kind: 'skipped', reason: 'not_due' } as const;
      if (await findRenewalForPeriod(trx, subscription.id, expiresOn)) {
        return { kind: 'skipped', reason: 'already_open' } as const;
      }
      const card = subscription.auto_renew_card_id
        ? await findSavedCardById(trx, subscription.auto_renew_card_id)
        : undefined;
      if (!card || card.removed_at !== null) return { kind: 'skipped', reason: 'no_card' } as const;

      const adopted = await adoptableOrder(trx, subscription.id);
      const source: RenewalOrderSource = adopted ? 'adopted' : 'opened';
      const order =
        adopted ??
        (await createOrder(
          trx,
          {
            customerId: subscription.customer_id,
            subscriptionId: subscription.id,
            kind: 'renewal',
            periodYears: subscription.renewal_period_years,
          },
          { clock: deps.clock, timeZone: deps.settings.timeZone },
        ));
      const renewal = await insertRenewal(trx, {
        subscriptionId: subscription.id,
        customerId: subscription.customer_id,
        orderId: order.id,
        periodStart: expiresOn,
        cardId: card.id,
        at: now,
      });
      if (isCardExpired(card, now, deps.settings.timeZone)) {
        await applyFailure(trx, deps, { renewal, order, card, declineReason: 'expired_card', at: now });
        return { kind: 'card_expired', renewalId: renewal.id, order: source } as const;
      }
      const job = { renewalId: renewal.id, attemptNo: 1 };
      await enqueueJob(trx, {
        queue: RENEWAL_CHARGE_QUEUE,
        payload: { ...job },
        runAt: now,
        singletonKey: renewalChargeJobKey(job),
      });
      return { kind: 'queued', renewalId: renewal.id, order: source } as const;
    });
  } catch (error) {
    // Another pass opened the same period between our check and insert (the unique constraint said so).
    if (isUniqueViolation(error)) return { kind: 'skipped', reason: 'already_open' };
    throw error;
  }
}

/** The service's newest renewal order still awaiting payment that no renewal owns (e.g. made by hand). */
async function adoptableOrder(trx: Transaction<MerchantDatabase>, subscriptionId: number): Promise<Order | undefined> {
  return trx
    .selectFrom('orders as o')
    .selectAll('o')
    .where('o.subscription_id', '=', subscriptionId)
    .where('o.kind', '=', 'renewal')
    .where('o.state', '=', 'awaiting_payment')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('renewals as r').select('r.id').whereRef('r.order_id', '=', 'o.id'))),
    )
    .orderBy('o.id', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
