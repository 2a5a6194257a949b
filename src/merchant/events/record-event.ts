import type { Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { fanOutEvent } from '../webhooks/fan-out-event.ts';
import { insertEvent, type NewEvent, type StoredEvent } from './event-repository.ts';

/**
 * The one way a use case tells the provider's systems that something happened: the event row, written in the
 * transaction of the change (so it exists if and only if the change commits). Every emitting use case calls this,
 * never insertEvent directly, so what follows an event (its webhook deliveries, one per subscribed endpoint, with
 * their jobs) is added here once.
 */
export async function recordEvent(trx: Transaction<MerchantDatabase>, event: NewEvent): Promise<StoredEvent> {
  const { webhookEndpointsVersion, ...stored } = await insertEvent(trx, event);
  await fanOutEvent(trx, stored, webhookEndpointsVersion);
  return stored;
}
