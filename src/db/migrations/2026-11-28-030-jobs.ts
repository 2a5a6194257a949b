import { sqlMigration } from '../migrator.ts';

/**
 * The job queue (src/jobs): work that must happen later or elsewhere, written in the same transaction as the change
 * that causes it. Workers claim due rows with `FOR UPDATE SKIP LOCKED` and hold them under a lease, so a crashed
 * worker's job is taken again once the lease runs out. `singleton_key` makes "this job for this event" exist once.
 * `run_at` is set from the application's clock, never the database's, so `--now` and tests can move time.
 */
export const jobs = sqlMigration([
  `create table jobs (
    id bigint generated always as identity primary key,
    queue text not null check (queue ~ '^[a-z][a-z0-9_.]*$'),
    payload jsonb not null,
    singleton_key text unique,
    status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
    run_at timestamptz not null,
    attempts integer not null default 0,
    max_attempts integer not null default 10 check (max_attempts > 0),
    locked_until timestamptz,
    last_error text,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    check ((status = 'running') = (locked_until is not null))
  )`,
  `create index jobs_due_idx on jobs (queue, run_at) where status in ('queued', 'running')`,
]);
