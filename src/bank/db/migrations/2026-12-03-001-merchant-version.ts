import { sqlMigration } from '../../../db/migrator.ts';

/**
 * Every change to a merchant (its name, secrets or origins) bumps its version, so that a bank process holding the
 * merchant in memory can tell, from one column read alongside a statement it runs anyway, that its copy is stale.
 */
export const bankMerchantVersion = sqlMigration([
  'alter table merchants add column version integer not null default 1',
]);
