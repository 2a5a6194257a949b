import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { GatewayNotification } from '../gateway/payment-gateway.ts';
import { findAttemptByBankSession, findAttemptByPublicId } from './attempt-repository.ts';
import { completePayment } from './complete-payment.ts';
import type { PaymentDeps } from './payment-deps.ts';

type Db = Kysely<MerchantDatabase>;

/** Stores a verified notification once per event id; returns whether it was new. */
export async function storeGatewayEvent(db: Db, notification: GatewayNotification, rawBody: string): Promise<boolean> {
  const inserted = await db
    .insertInto('gateway_events')
    .values({
      event_id: notification.eventId,
      type: notification.type,
      bank_session_id: notification.session.id,
      payload: rawBody,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Applies a stored notification: the attempt it names is completed (which asks the bank again; the notification's own
 * content is only a hint). Marks the event processed. Safe to run twice: completion is idempotent.
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
  if (attempt) await completePayment(deps, attempt.id, 'notification');
  else deps.logger.warn({ eventId, bankSession: event.bank_session_id }, 'notification for no known payment attempt');
  await deps.db
    .updateTable('gateway_events')
    .set({ processed_at: deps.clock.now() })
    .where('event_id', '=', eventId)
    .where('processed_at', 'is', null)
    .execute();
}

export async function listUnprocessedEvents(db: Db, receivedBefore: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('gateway_events')
    .select('event_id')
    .where('processed_at', 'is', null)
    .where('received_at', '<', receivedBefore)
    .orderBy('received_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.event_id);
}
