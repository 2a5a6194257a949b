import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { EventType } from './event-types.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewEvent {
  type: EventType;
  /** The public id of what it is about (`ord_12`, `pa_…`, `svc_3`, `card_7`): deliveries keep each object's order. */
  objectId: string;
  /** What the event carries, built from src/merchant/public/resources.ts: `{ order: OrderResource }`, … */
  data: Record<string, unknown>;
  at: Date;
}

export interface StoredEvent {
  seq: number;
  id: string;
  type: EventType;
  objectId: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `evt_` and 24 random letters and digits (≈143 bits). */
export function newEventId(): string {
  const bytes = randomBytes(24);
  let id = 'evt_';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** An event just written, with what its fan-out needs to know of the webhook endpoints. */
export interface InsertedEvent extends StoredEvent {
  /**
   * The webhook endpoints' version in cache_versions, read by the insert itself: the fan-out that follows compares it
   * with the version of its copy of the endpoints (webhooks/endpoint-cache.ts), without a statement of its own.
   */
  webhookEndpointsVersion: string | null;
}

/**
 * Writes an event in the caller's transaction: it commits with the change it tells of, or not at all. Callers pass
 * the transaction that made the change, never a fresh connection.
 */
export async function insertEvent(trx: Transaction<MerchantDatabase>, event: NewEvent): Promise<InsertedEvent> {
  const row = await trx
    .insertInto('events')
    .values({
      id: newEventId(),
      type: event.type,
      object_id: event.objectId,
      data: JSON.stringify(event.data),
      created_at: event.at,
    })
    .returning(['seq', 'id', 'type', 'object_id', 'data', 'created_at'])
    .returning((eb) =>
      eb
        .selectFrom('cache_versions')
        .select('version')
        .where('name', '=', 'webhook_endpoints')
        .as('webhook_endpoints_version'),
    )
    .executeTakeFirstOrThrow();
  const { webhook_endpoints_version, ...stored } = row;
  return { ...toStoredEvent(stored), webhookEndpointsVersion: webhook_endpoints_version };
}

export async function findEvent(db: Db, id: string): Promise<StoredEvent | undefined> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStoredEvent(row) : undefined;
}

function toStoredEvent(row: {
  seq: number;
  id: string;
  type: string;
  object_id: string;
  data: Record<string, unknown>;
  created_at: Date;
}): StoredEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type as EventType,
    objectId: row.object_id,
    data: row.data,
    createdAt: row.created_at,
  };
}
