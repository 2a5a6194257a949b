import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../../db/schema.ts';
import type { EventType } from '../event-types.ts';

/** Test support: the events of one type about one object (`ord_12`, `svc_3`, `card_7`), oldest first. */
export async function eventsOf(db: Kysely<MerchantDatabase>, type: EventType, objectId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('type', '=', type)
    .where('object_id', '=', objectId)
    .orderBy('seq')
    .execute();
}
