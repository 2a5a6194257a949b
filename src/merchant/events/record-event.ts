import type { Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { insertEvent, type NewEvent, type StoredEvent } from './event-repository.ts';

/**
 * The one way a use case tells the provider's systems that something happened: the event row, written in the
 * transaction of the change (so it exists if and only if the change commits). Every emitting use case calls this,
 * never insertEvent directly, so what follows an event (its webhook deliveries) is added here once.
 */
export async function recordEvent(trx: Transaction<MerchantDatabase>, event: NewEvent): Promise<StoredEvent> {
  return insertEvent(trx, event);
}
