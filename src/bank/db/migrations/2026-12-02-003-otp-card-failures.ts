import { sqlMigration } from '../../../db/migrator.ts';

/**
 * Wrong OTP codes are counted per card as well as per challenge, so that guessing cannot go on by opening one payment
 * after another on the same card. A challenge records its card's fingerprint (a keyed hash of the number: the number
 * itself stays in the vault), and every wrong code is a row; the bank counts the rows of the last hour.
 */
export const bankOtpCardFailures = sqlMigration([
  'alter table challenges add column card_fingerprint text',
  `create table otp_failures (
    id bigint generated always as identity primary key,
    card_fingerprint text not null,
    challenge_id text not null references challenges (id),
    failed_at timestamptz not null
  )`,
  'create index otp_failures_card_idx on otp_failures (card_fingerprint, failed_at)',
  'create index otp_failures_failed_idx on otp_failures (failed_at)',
]);
