import { sqlMigration } from '../migrator.ts';

/**
 * What happened, for the provider's own systems (issue 11): one row per event, written in the same transaction as the
 * change it tells of, so an event exists if and only if its change does. `seq` orders events (the API's cursor and the
 * per-object delivery order); `object_id` is the public id of the thing it is about (`ord_12`), which the webhook
 * deliveries keep in order. `data` is the snapshot the event carries (src/merchant/public/resources.ts).
 */
export const events = sqlMigration([
  `create table events (
    seq bigint generated always as identity primary key,
    id text not null unique check (id ~ '^evt_[A-Za-z0-9]{24}$'),
    type text not null check (type ~ '^[a-z_]+\\.[a-z_]+$'),
    object_id text not null,
    data jsonb not null,
    created_at timestamptz not null
  )`,
  'create index events_object_idx on events (object_id, seq)',
  'create index events_type_idx on events (type, seq)',
]);
