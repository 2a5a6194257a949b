import { sqlMigration } from '../migrator.ts';

/**
 * Worker liveness (src/jobs/worker-liveness.ts): each `worker` process on PostgreSQL keeps a row here fresh. When a
 * row goes stale (its process was killed, its machine lost), another worker releases the jobs it had claimed at once
 * instead of waiting out their leases, and deletes the row. Times are the database's own (`now()`), so that the
 * processes' clocks need not agree.
 */
export const workerHeartbeats = sqlMigration([
  `create table worker_heartbeats (
    worker_id text primary key,
    roles text not null,
    started_at timestamptz not null default now(),
    seen_at timestamptz not null default now()
  )`,
]);
