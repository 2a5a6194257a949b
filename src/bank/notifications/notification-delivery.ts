import { backoffDelayMs } from '../../shared/backoff.ts';
import { SIGNATURE_HEADER, signPayload } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import { findMerchant } from '../merchants/merchant-repository.ts';
import { claimDueNotifications, markDelivered, scheduleRetry } from './notification-repository.ts';

/** The delay before attempt n+1 (n ≥ 1): 10 s doubling each time, at most an hour, with ±20 % jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  return backoffDelayMs(attempts, { baseMs: 10_000, maxMs: 3_600_000, jitter: 0.2 }, random);
}

const LEASE_MS = 60_000;

/**
 * One pass over the outbox: every due notification is POSTed, signed with the merchant's current secret, to its
 * notify_url. 2xx marks it delivered; anything else (or no answer) schedules a retry with exponential backoff until
 * `retryForSeconds` after the event, then gives up. A redelivery carries the same event id, so the merchant can
 * deduplicate.
 */
export async function deliverDueNotifications(ctx: BankContext, limit = 20): Promise<number> {
  const claimed = await claimDueNotifications(ctx.db, ctx.clock.now(), LEASE_MS, limit);
  for (const notification of claimed) {
    const merchant = await findMerchant(ctx.db, notification.merchant_id);
    let error: string | undefined;
    try {
      if (!merchant?.secrets[0]) throw new Error('merchant has no secret to sign with');
      const response = await fetch(notification.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(merchant.secrets[0], notification.payload, ctx.clock.now()),
          'Cassa-Event-Id': notification.id,
          'user-agent': 'Banca-Sandbox-Notifier/1',
        },
        body: notification.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(ctx.config.notifications.requestTimeoutMs),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const now = ctx.clock.now();
    if (!error) {
      await markDelivered(ctx.db, notification.id, now);
      ctx.logger.info({ eventId: notification.id, attempts: notification.attempts }, 'notification delivered');
      continue;
    }
    const deadline = notification.created_at.getTime() + ctx.config.notifications.retryForSeconds * 1000;
    const next = now.getTime() + retryDelayMs(notification.attempts);
    await scheduleRetry(ctx.db, notification.id, {
      nextAttemptAt: next <= deadline ? new Date(next) : null,
      error,
      at: now,
    });
    ctx.logger.warn(
      { eventId: notification.id, attempts: notification.attempts, error, givingUp: next > deadline },
      'notification not delivered',
    );
  }
  return claimed.length;
}
