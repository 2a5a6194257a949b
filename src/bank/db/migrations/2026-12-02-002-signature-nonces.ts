import { sqlMigration } from '../../../db/migrator.ts';

/**
 * Every signed API request carries a random nonce, and a signature is good once: the bank keeps (merchant, nonce)
 * until the signature's timestamp leaves the tolerance, when it could not be replayed anyway, and the background sweep
 * forgets it. The primary key makes the check-and-record one atomic insert, so two copies racing cannot both pass.
 */
export const bankSignatureNonces = sqlMigration([
  `create table signature_nonces (
    merchant_id text not null references merchants (id) on delete cascade,
    nonce text not null check (nonce ~ '^[0-9a-f]{16,64}$'),
    expires_at timestamptz not null,
    primary key (merchant_id, nonce)
  )`,
  'create index signature_nonces_expires_idx on signature_nonces (expires_at)',
]);
