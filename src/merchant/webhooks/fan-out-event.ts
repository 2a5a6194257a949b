import type { Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { StoredEvent } from '../events/event-repository.ts';
import { endpointsSubscribedTo } from './endpoint-cache.ts';
import { enqueueWebhookTry } from './webhook-jobs.ts';
import { insertDeliveries } from './webhook-repository.ts';

/**
 * An event's deliveries: one per enabled endpoint that asked for its type, each with the job of its first try, in the
 * event's own transaction (no event without its deliveries, no delivery of a change that did not commit). Endpoints
 * created or re-enabled later do not receive it (they can list events).
 */
const AS_SOON_AS_POSSIBLE = new Date(0);

export async function fanOutEvent(
  trx: Transaction<MerchantDatabase>,
  event: StoredEvent,
  /** The endpoints' version read with the event's insert (events/event-repository.ts). */
  endpointsVersion: string | null,
): Promise<number> {
  const endpointIds = await endpointsSubscribedTo(trx, event.type, endpointsVersion);
  const deliveries = await insertDeliveries(
    trx,
    endpointIds.map((endpointId) => ({
      endpointId,
      eventSeq: event.seq,
      eventId: event.id,
      eventType: event.type,
      objectId: event.objectId,
      at: event.createdAt,
    })),
  );
  // Due at once, whatever clock wrote the event (a `renewals run --now <a future day>` writes events "at" that day).
  for (const delivery of deliveries) await enqueueWebhookTry(trx, delivery, AS_SOON_AS_POSSIBLE, event.createdAt);
  return deliveries.length;
}
