import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Clock } from '../../shared/clock.ts';
import { ensureSecretFile } from '../../shared/secret-file.ts';
import { SandboxBankAdapter } from './sandbox-bank-adapter.ts';

/** The merchant's API secret at the bank: from BANK_MERCHANT_SECRET, or (development) generated into DATA_DIR. */
export function bankMerchantSecret(config: Config): string {
  return config.bankMerchant.secret ?? ensureSecretFile(path.join(config.dataDir, 'secrets', 'bank-merchant-secret'));
}

/** The gateway the merchant side talks to: the Banca Sandbox at its public URL, as merchant `bankMerchant.id`. */
export function gatewayFromConfig(config: Config, clock: Clock): SandboxBankAdapter {
  return new SandboxBankAdapter({
    baseUrl: config.publicUrls.bank,
    merchantId: config.bankMerchant.id,
    secrets: [bankMerchantSecret(config)],
    clock,
  });
}
