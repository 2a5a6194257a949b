import type { Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';

/** An enabled endpoint, as a fan-out needs it. */
interface EnabledEndpoint {
  id: number;
  eventTypes: readonly string[];
}

/**
 * The enabled webhook endpoints and the event types each asked for, kept in memory: every event of every payment
 * fans out to them, while they change when an integrator or an operator edits one (or a failing one is disabled).
 *
 * Invalidation is by version, as the bank does for its merchants (bank/merchants/merchant-cache.ts), and works
 * across processes: a trigger gives `cache_versions.version` a new random uuid in the transaction of every change to
 * the endpoints (migration 2026-12-03-100-cache-versions), and the event's own insert reads the version
 * (events/event-repository.ts). A copy read at that version is the set as that statement saw it; any other version
 * reads the set again. So a change committed by any process counts from the next event, and one not committed yet is
 * seen only by its own transaction (its version is never anyone else's).
 *
 * Copies are kept by version, not per app: a version is a random uuid, so copies of different databases (tests open
 * many in one process) can never be taken for each other. The newest few are kept, one per database in use.
 */
const copies = new Map<string, readonly EnabledEndpoint[]>();
const KEPT_VERSIONS = 8;

/** The ids of the enabled endpoints that asked for `eventType` (or for every type), as of `version`. */
export async function endpointsSubscribedTo(
  trx: Transaction<MerchantDatabase>,
  eventType: string,
  version: string | null,
): Promise<number[]> {
  const endpoints = (version === null ? undefined : copies.get(version)) ?? (await readEndpoints(trx));
  return endpoints
    .filter((endpoint) => endpoint.eventTypes.includes(eventType) || endpoint.eventTypes.includes('*'))
    .map((endpoint) => endpoint.id);
}

/**
 * The enabled endpoints with the version they are at, in one statement (one snapshot: the set is the version's),
 * kept under that version. A database without the version row (never, once migrated) gets the set, not kept.
 */
async function readEndpoints(trx: Transaction<MerchantDatabase>): Promise<readonly EnabledEndpoint[]> {
  const rows = await trx
    .selectFrom('cache_versions as v')
    .leftJoin('webhook_endpoints as e', (join) => join.on('e.status', '=', 'enabled'))
    .select(['v.version', 'e.id', 'e.event_types'])
    .where('v.name', '=', 'webhook_endpoints')
    .orderBy('e.id')
    .execute();
  const version = rows[0]?.version;
  if (version === undefined) {
    const enabled = await trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types'])
      .where('status', '=', 'enabled')
      .orderBy('id')
      .execute();
    return enabled.map((row) => ({ id: Number(row.id), eventTypes: row.event_types }));
  }
  const endpoints = rows.flatMap((row) =>
    row.id === null || row.event_types === null ? [] : [{ id: Number(row.id), eventTypes: row.event_types }],
  );
  copies.delete(version);
  copies.set(version, endpoints);
  for (const old of copies.keys()) {
    if (copies.size <= KEPT_VERSIONS) break;
    copies.delete(old);
  }
  return endpoints;
}
