import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import type { GatewayNotification } from '../gateway/payment-gateway.ts';
import { findAttemptByBankSession, findAttemptByPublicId } from './attempt-repository.ts';
import { completeAttempt } from './complete-attempt.ts';
import type { PaymentDeps } from './payment-deps.ts';

type Db = Kysely<MerchantDatabase>;

/** The queue that applies stored notifications (one job per event, written with it). */
export const GATEWAY_EVENT_QUEUE = 'gateway.event';

/**
 * Stores a verified notification once per event id, with the job that applies it, in one transaction: once the bank
 * has our 2xx, the event is applied even if this process stops right after. Returns whether it was new.
 */
export async function storeGatewayEvent(
  db: Db,
  notification: GatewayNotification,
  rawBody: string,
  at: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('gateway_events')
      .values({
        event_id: notification.eventId,
        type: notification.type,
        bank_session_id: notification.session.id,
        payload: rawBody,
        received_at: at,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!inserted) return false;
    await enqueueJob(trx, {
      queue: GATEWAY_EVENT_QUEUE,
      payload: { eventId: notification.eventId },
      runAt: at,
      at,
      singletonKey: `${GATEWAY_EVENT_QUEUE}:${notification.eventId}`,
    });
    return true;
  });
}

/**
 * Applies a stored notification: the attempt it names — by bank session, or by our reference for an attempt whose
 * session id we never recorded — is completed (which asks the bank again; the notification's content is only a
 * hint). Every purpose is routed here: order payments and card verifications alike. Marks the event processed. Safe
 * to run twice: completion is idempotent.
 */
export async function processGatewayEvent(deps: PaymentDeps, eventId: string): Promise<void> {
  const event = await deps.db
    .selectFrom('gateway_events')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!event || event.processed_at) return;
  const reference = (event.payload as { payment_session?: { merchant_reference?: unknown } }).payment_session
    ?.merchant_reference;
  const attempt =
    (await findAttemptByBankSession(deps.db, event.bank_session_id)) ??
    (typeof reference === 'string' ? await findAttemptByPublicId(deps.db, reference) : undefined);
  if (attempt) await completeAttempt(deps, attempt, 'notification');
  else deps.logger.warn({ eventId, bankSession: event.bank_session_id }, 'notification for no known payment attempt');
  await deps.db
    .updateTable('gateway_events')
    .set({ processed_at: deps.clock.now() })
    .where('event_id', '=', eventId)
    .where('processed_at', 'is', null)
    .execute();
}

/** Deletes up to `limit` events processed before `before` (retention); returns how many. */
export async function purgeProcessedEvents(db: Db, before: Date, limit: number): Promise<number> {
  const deleted = await db
    .deleteFrom('gateway_events')
    .where('event_id', 'in', (eb) =>
      eb.selectFrom('gateway_events').select('event_id').where('processed_at', '<', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
