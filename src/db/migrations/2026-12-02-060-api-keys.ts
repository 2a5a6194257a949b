import { sqlMigration } from '../migrator.ts';

/**
 * The merchant REST API (issue 11). `api_keys`: only the SHA-256 of a key is stored (a key is 190 random bits, so a
 * fast hash is enough: there is nothing to guess), with its visible `prefix` to list and revoke it by. `scopes` is
 * `read` or `read,write`. `api_idempotency_keys`: the first answer to a POST under an Idempotency-Key, per API key;
 * the primary key makes the claim exclusive, and the retention job forgets rows after 48 hours.
 */
export const apiKeys = sqlMigration([
  `create table api_keys (
    id bigint generated always as identity primary key,
    name text not null check (length(name) between 1 and 100),
    prefix text not null unique,
    key_hash text not null unique,
    scopes text not null check (scopes in ('read', 'read,write')),
    mode text not null check (mode in ('live', 'test')),
    created_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `create table api_idempotency_keys (
    api_key_id bigint not null references api_keys (id),
    key text not null,
    request_hash text not null,
    status text not null check (status in ('in_progress', 'completed')),
    response_status integer,
    response_body text,
    locked_at timestamptz not null,
    created_at timestamptz not null,
    primary key (api_key_id, key)
  )`,
  'create index api_idempotency_keys_created_idx on api_idempotency_keys (created_at)',
]);
