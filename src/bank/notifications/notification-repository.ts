import { type Kysely, sql } from 'kysely';
import type { BankDatabase, NotificationRow } from '../db/schema.ts';

/**
 * Claims up to `limit` due notifications by pushing their next attempt `leaseMs` into the future in one statement.
 * A crashed sender's claim simply lapses and the notification is due again; on PostgreSQL, SKIP LOCKED lets several
 * bank processes share the outbox without sending one event twice at the same time.
 */
export async function claimDueNotifications(
  db: Kysely<BankDatabase>,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<NotificationRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await sql<NotificationRow>`
    update notifications set next_attempt_at = ${leaseUntil}, attempts = attempts + 1
    where id in (
      select id from notifications
      where delivered_at is null and gave_up_at is null and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows;
}

export async function markDelivered(db: Kysely<BankDatabase>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ delivered_at: at, last_error: null, refusals: 0 })
    .where('id', '=', id)
    .execute();
}

export async function scheduleRetry(
  db: Kysely<BankDatabase>,
  id: string,
  change: { nextAttemptAt: Date | null; error: string; at: Date },
): Promise<void> {
  await db
    .updateTable('notifications')
    .set(
      change.nextAttemptAt
        ? { next_attempt_at: change.nextAttemptAt, last_error: change.error, refusals: 0 }
        : { gave_up_at: change.at, last_error: change.error, refusals: 0 },
    )
    .where('id', '=', id)
    .execute();
}

/**
 * The merchant refused the connection: the try is given back (the claim counted it as an attempt) and the refusal
 * counted instead, for the short backoff of a merchant that is restarting.
 */
export async function scheduleAfterRefusal(
  db: Kysely<BankDatabase>,
  id: string,
  change: { nextAttemptAt: Date; error: string },
): Promise<void> {
  await db
    .updateTable('notifications')
    .set((eb) => ({
      attempts: eb('attempts', '-', 1),
      refusals: eb('refusals', '+', 1),
      next_attempt_at: change.nextAttemptAt,
      last_error: change.error,
    }))
    .where('id', '=', id)
    .execute();
}
