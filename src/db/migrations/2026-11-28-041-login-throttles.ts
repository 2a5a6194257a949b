import { sqlMigration } from '../migrator.ts';

/**
 * Login throttling per account and client address, replacing the per-account lockout: each pair's unsuccessful tries
 * and the instant before which its next try is not even checked (see rate-limits/login-throttle.ts). Pairs quiet for
 * a day are swept by last_try_at.
 */
export const loginThrottles = sqlMigration([
  `create table login_throttles (
    account text not null,
    address text not null,
    failures integer not null check (failures >= 0),
    last_try_at timestamptz not null,
    next_try_at timestamptz not null,
    primary key (account, address)
  )`,
  'create index login_throttles_last_try_idx on login_throttles (last_try_at)',
]);
