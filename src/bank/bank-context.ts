import type { BankContext, BankDeps } from './bank-deps.ts';
import { createVault } from './cards/vault.ts';
import { MerchantCache } from './merchants/merchant-cache.ts';

/** Derives what every use case needs from the deps given by the composition root. */
export function bankContext(deps: BankDeps): BankContext {
  return { ...deps, vault: createVault(deps.config.vaultKey.reveal()), merchants: new MerchantCache(deps.db) };
}
