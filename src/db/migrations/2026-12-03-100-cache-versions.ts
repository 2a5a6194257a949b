import { sqlMigration } from '../migrator.ts';

/**
 * `cache_versions`: one row per set of rows a process keeps in memory, whose `version` is a new random uuid every
 * time that set changes, in the changing transaction (issue 14). A process compares the version it read in a
 * statement it runs anyway with the version its copy was read at, and reads the set again on a mismatch, so a change
 * committed by any process counts from the next use everywhere. A random uuid rather than a counter: a copy is then
 * known by its version alone, whatever database it came from (two databases, in tests or after a restore, never
 * share a version by chance, where two counters both at 1 would).
 *
 * `webhook_endpoints`: the enabled endpoints and the event types they asked for (webhooks/endpoint-cache.ts). The
 * trigger bumps the version on every insert, delete and truncate, and on every update that sets `status` or
 * `event_types`, whatever code or console runs it: no writer can forget.
 */
export const cacheVersions = sqlMigration([
  `create table cache_versions (
    name text primary key,
    version uuid not null
  )`,
  `insert into cache_versions (name, version) values ('webhook_endpoints', gen_random_uuid())`,
  // The schema the tables were made in, whichever search_path the writer has (the embedded database switches it).
  `create function webhook_endpoints_changed() returns trigger language plpgsql set search_path from current as $$
  begin
    update cache_versions set version = gen_random_uuid() where name = 'webhook_endpoints';
    return null;
  end
  $$`,
  `create trigger webhook_endpoints_version after insert or delete or update of status, event_types
    on webhook_endpoints for each statement execute function webhook_endpoints_changed()`,
  `create trigger webhook_endpoints_version_truncate after truncate on webhook_endpoints
    for each statement execute function webhook_endpoints_changed()`,
]);
