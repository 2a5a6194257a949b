import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.ts';
import type { BankConfig } from './bank-config.ts';
import type { Vault } from './cards/vault.ts';
import type { BankDatabase } from './db/schema.ts';
import type { MerchantCache } from './merchants/merchant-cache.ts';

/** What the composition root hands the bank. */
export interface BankDeps {
  db: Kysely<BankDatabase>;
  logger: FastifyBaseLogger;
  clock: Clock;
  config: BankConfig;
}

/** BankDeps plus what the bank derives from them once (the vault, the merchants' cache); passed to every use case. */
export interface BankContext extends BankDeps {
  vault: Vault;
  merchants: MerchantCache;
}
