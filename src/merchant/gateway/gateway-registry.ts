import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Clock } from '../../shared/clock.ts';
import { ensureSecretFile } from '../../shared/secret-file.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { SandboxBankAdapter } from './sandbox-bank-adapter.ts';

/** What a gateway adapter is built from: the merchant's configuration and its clock. */
export interface GatewayFactoryDeps {
  config: Config;
  clock: Clock;
  logger?: { warn(details: object, message: string): void };
}

export type GatewayFactory = (deps: GatewayFactoryDeps) => PaymentGateway;

/** The merchant's API secret at the sandbox bank: from BANK_MERCHANT_SECRET, or (development) generated into DATA_DIR. */
export function bankMerchantSecret(config: Config): string {
  return config.bankMerchant.secret ?? ensureSecretFile(path.join(config.dataDir, 'secrets', 'bank-merchant-secret'));
}

/**
 * Every gateway adapter Cassa can talk to, by the name it reports (`PaymentGateway.name`), which merchant rows record
 * so that a payment is always followed up with the gateway that took it. A new adapter is one entry here, and passes
 * the contract suite (gateway-contract.ts).
 */
export const GATEWAYS: Readonly<Record<string, GatewayFactory>> = {
  sandbox: ({ config, clock, logger }) =>
    new SandboxBankAdapter({
      baseUrl: config.publicUrls.bank,
      merchantId: config.bankMerchant.id,
      secrets: [bankMerchantSecret(config)],
      clock,
      ...(logger ? { logger } : {}),
    }),
};

export const DEFAULT_GATEWAY = 'sandbox';

/** The gateway of that name; an unknown name is a configuration error, said at once. */
export function createGateway(name: string, deps: GatewayFactoryDeps): PaymentGateway {
  const factory = Object.hasOwn(GATEWAYS, name) ? GATEWAYS[name] : undefined;
  if (!factory) throw new Error(`unknown payment gateway "${name}" (known: ${Object.keys(GATEWAYS).join(', ')})`);
  return factory(deps);
}
