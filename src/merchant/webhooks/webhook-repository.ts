import type { Kysely, Transaction } from 'kysely';
import type {
  MerchantDatabase,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryStatus,
  WebhookEndpoint,
} from '../../db/schema.ts';

/** SQL only: the webhook use cases decide, this file reads and writes. */
type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export async function insertEndpoint(
  db: Db,
  values: { url: string; description: string; eventTypes: string[]; secret: string; at: Date },
): Promise<WebhookEndpoint> {
  return db
    .insertInto('webhook_endpoints')
    .values({
      url: values.url,
      description: values.description,
      event_types: values.eventTypes,
      secret: values.secret,
      disabled_reason: null,
      previous_secret: null,
      previous_secret_expires_at: null,
      created_at: values.at,
      updated_at: values.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEndpoint(db: Db, id: number): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the endpoint's row for a change that reads it first (a failure count, a rotation). */
export async function lockEndpoint(trx: Transaction<MerchantDatabase>, id: number) {
  return trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Newest first, `limit` after the cursor (an endpoint id). */
export async function listEndpoints(db: Db, page: { limit: number; before?: number }): Promise<WebhookEndpoint[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .$if(page.before !== undefined, (qb) => qb.where('id', '<', page.before as number))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

export type EndpointChanges = Partial<
  Pick<
    WebhookEndpoint,
    | 'url'
    | 'description'
    | 'event_types'
    | 'status'
    | 'disabled_reason'
    | 'secret'
    | 'previous_secret'
    | 'previous_secret_expires_at'
    | 'consecutive_failures'
  >
>;

export async function updateEndpoint(
  db: Db,
  id: number,
  changes: EndpointChanges,
  at: Date,
): Promise<WebhookEndpoint | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertDeliveries(
  db: Db,
  rows: { endpointId: number; eventSeq: number; eventId: string; eventType: string; objectId: string; at: Date }[],
): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('webhook_deliveries')
    .values(
      rows.map((row) => ({
        endpoint_id: row.endpointId,
        event_seq: row.eventSeq,
        event_id: row.eventId,
        event_type: row.eventType,
        object_id: row.objectId,
        next_try_at: row.at,
        last_response_status: null,
        last_duration_ms: null,
        last_response_body: null,
        last_error: null,
        delivered_at: null,
        created_at: row.at,
      })),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_seq']).doNothing())
    .returningAll()
    .execute();
}

export async function findDelivery(db: Db, id: number): Promise<WebhookDelivery | undefined> {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The delivery and the event it carries, as the delivery job reads them. */
export async function findDeliveryWithEvent(db: Db, id: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.seq', 'd.event_seq')
    .selectAll('d')
    .select(['e.type as type', 'e.data as data', 'e.created_at as event_created_at'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/**
 * The nearest still-pending delivery of the same object to the same endpoint, before this one (while there is one,
 * this delivery waits: per-object ordering) or after it (to wake it once this one is done).
 */
async function nearestPending(
  db: Db,
  delivery: WebhookDelivery,
  side: 'before' | 'after',
): Promise<WebhookDelivery | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', delivery.endpoint_id)
    .where('object_id', '=', delivery.object_id)
    .where('status', '=', 'pending')
    .where('event_seq', side === 'before' ? '<' : '>', delivery.event_seq)
    .orderBy('event_seq')
    .limit(1)
    .executeTakeFirst();
}

/** The earliest still-pending delivery of an earlier event about the same object to the same endpoint. */
export function findEarlierPending(db: Db, delivery: WebhookDelivery): Promise<WebhookDelivery | undefined> {
  return nearestPending(db, delivery, 'before');
}

/** The next pending delivery of the same object to the same endpoint, after this one (to wake it). */
export function findNextPending(db: Db, delivery: WebhookDelivery): Promise<WebhookDelivery | undefined> {
  return nearestPending(db, delivery, 'after');
}

export async function pendingDeliveriesOf(db: Db, endpointId: number): Promise<WebhookDelivery[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .orderBy('event_seq')
    .execute();
}

/** Takes the right to make try `attempts + 1` (compare-and-set on the count): false when another run took it. */
export async function claimTry(db: Db, id: number, attempts: number): Promise<boolean> {
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ attempts: attempts + 1 })
    .where('id', '=', id)
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return claimed.numUpdatedRows === 1n;
}

export async function recordTryOutcome(
  db: Db,
  id: number,
  outcome: {
    status: WebhookDeliveryStatus;
    nextTryAt: Date | null;
    responseStatus: number | null;
    durationMs: number;
    responseBody: string | null;
    error: string | null;
    deliveredAt?: Date;
  },
): Promise<WebhookDelivery> {
  return db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      next_try_at: outcome.nextTryAt,
      last_response_status: outcome.responseStatus,
      last_duration_ms: outcome.durationMs,
      last_response_body: outcome.responseBody,
      last_error: outcome.error,
      ...(outcome.deliveredAt ? { delivered_at: outcome.deliveredAt } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setDeliveryState(
  db: Db,
  id: number,
  state: { status: WebhookDeliveryStatus; nextTryAt: Date | null },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: state.status, next_try_at: state.nextTryAt })
    .where('id', '=', id)
    .execute();
}

export async function insertAttempt(
  db: Db,
  row: {
    deliveryId: number;
    attempt: number;
    manual: boolean;
    url: string;
    headers: Record<string, string>;
    body: string;
    responseStatus: number | null;
    responseBody: string | null;
    durationMs: number;
    error: string | null;
    at: Date;
    nextTryAt: Date | null;
  },
): Promise<void> {
  await db
    .insertInto('webhook_delivery_attempts')
    .values({
      delivery_id: row.deliveryId,
      attempt: row.attempt,
      manual: row.manual,
      request_url: row.url,
      request_headers: JSON.stringify(row.headers),
      request_body: row.body,
      response_status: row.responseStatus,
      response_body: row.responseBody,
      duration_ms: row.durationMs,
      error: row.error,
      at: row.at,
      next_try_at: row.nextTryAt,
    })
    .execute();
}

/** An endpoint's deliveries, newest first, `limit` after the cursor (a delivery id). */
export async function listDeliveries(
  db: Db,
  endpointId: number,
  page: { limit: number; before?: number; status?: WebhookDeliveryStatus },
): Promise<WebhookDelivery[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .$if(page.before !== undefined, (qb) => qb.where('id', '<', page.before as number))
    .$if(page.status !== undefined, (qb) => qb.where('status', '=', page.status as WebhookDeliveryStatus))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

export async function listAttempts(db: Db, deliveryId: number): Promise<WebhookDeliveryAttempt[]> {
  return db
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('id')
    .execute();
}
