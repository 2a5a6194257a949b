import { backoffDelayMs } from '../../shared/backoff.ts';
import { SIGNATURE_HEADER, signPayload } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import type { NotificationRow } from '../db/schema.ts';
import { findMerchant } from '../merchants/merchant-repository.ts';
import {
  claimDueNotifications,
  markDelivered,
  scheduleAfterRefusal,
  scheduleRetry,
} from './notification-repository.ts';

/** The delay before attempt n+1 (n ≥ 1): 10 s doubling each time, at most an hour, with ±20 % jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  return backoffDelayMs(attempts, { baseMs: 10_000, maxMs: 3_600_000, jitter: 0.2 }, random);
}

/** The delay after the n-th connection refusal in a row (n ≥ 1): 1 s doubling, at most 30 s, ±20 %. */
export function refusalDelayMs(refusals: number, random: () => number = Math.random): number {
  return backoffDelayMs(refusals, { baseMs: 1000, maxMs: 30_000, jitter: 0.2 }, random);
}

const LEASE_MS = 60_000;

type Outcome = { kind: 'delivered' } | { kind: 'refused'; error: string } | { kind: 'failed'; error: string };

/**
 * One pass over the outbox: every due notification is POSTed, signed with the merchant's current secret, to its
 * notify_url. 2xx marks it delivered; anything else (or no answer) schedules a retry with exponential backoff until
 * `retryForSeconds` after the event, then gives up. A connection refused is different: nothing listens on the
 * merchant's side yet (it is restarting), so it spends no attempt (the backoff stays where it was) and is tried again
 * within seconds, on a short backoff of its own; only the time bound applies to it. A redelivery carries the same
 * event id, so the merchant can deduplicate.
 */
export async function deliverDueNotifications(ctx: BankContext, limit = 20): Promise<number> {
  const claimed = await claimDueNotifications(ctx.db, ctx.clock.now(), LEASE_MS, limit);
  for (const notification of claimed) {
    const outcome = await deliver(ctx, notification);
    const now = ctx.clock.now();
    if (outcome.kind === 'delivered') {
      await markDelivered(ctx.db, notification.id, now);
      ctx.logger.info({ eventId: notification.id, attempts: notification.attempts }, 'notification delivered');
      continue;
    }
    const deadline = notification.created_at.getTime() + ctx.config.notifications.retryForSeconds * 1000;
    const refused = outcome.kind === 'refused';
    const next =
      now.getTime() + (refused ? refusalDelayMs(notification.refusals + 1) : retryDelayMs(notification.attempts));
    if (refused && next <= deadline) {
      await scheduleAfterRefusal(ctx.db, notification.id, { nextAttemptAt: new Date(next), error: outcome.error });
    } else {
      await scheduleRetry(ctx.db, notification.id, {
        nextAttemptAt: next <= deadline ? new Date(next) : null,
        error: outcome.error,
        at: now,
      });
    }
    ctx.logger.warn(
      {
        eventId: notification.id,
        attempts: notification.attempts - (refused ? 1 : 0),
        refused,
        error: outcome.error,
        givingUp: next > deadline,
      },
      'notification not delivered',
    );
  }
  return claimed.length;
}

async function deliver(ctx: BankContext, notification: NotificationRow): Promise<Outcome> {
  const merchant = await findMerchant(ctx.db, notification.merchant_id);
  if (!merchant?.secrets[0]) return { kind: 'failed', error: 'merchant has no secret to sign with' };
  try {
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
    if (response.status >= 200 && response.status <= 299) return { kind: 'delivered' };
    return { kind: 'failed', error: `HTTP ${response.status}` };
  } catch (caught) {
    const error = caught instanceof Error ? caught.message : String(caught);
    return connectionRefused(caught) ? { kind: 'refused', error: 'connection refused' } : { kind: 'failed', error };
  }
}

/**
 * fetch reports a refused connection as `TypeError: fetch failed` whose cause has code ECONNREFUSED (an
 * AggregateError of them when the host has several addresses, e.g. localhost on ::1 and 127.0.0.1).
 */
function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: unknown } } | undefined)?.cause;
  if (cause?.code === 'ECONNREFUSED') return true;
  return (
    Array.isArray(cause?.errors) &&
    cause.errors.length > 0 &&
    cause.errors.every((e) => (e as { code?: unknown } | undefined)?.code === 'ECONNREFUSED')
  );
}
