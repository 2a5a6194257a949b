import type { Config } from '../../config.ts';
import type { Clock } from '../../shared/clock.ts';
import { createGateway, DEFAULT_GATEWAY } from './gateway-registry.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { SandboxBankAdapter } from './sandbox-bank-adapter.ts';

/** The gateway the merchant side talks to, from the registry: today the Banca Sandbox, as merchant `bankMerchant.id`. */
export function gatewayFromConfig(config: Config, clock: Clock, name: string = DEFAULT_GATEWAY): PaymentGateway {
  return createGateway(name, { config, clock });
}

/** The sandbox's card import (demo data), when the gateway is the sandbox bank; a real acquirer has none. */
export function sandboxCardImport(gateway: PaymentGateway): Pick<SandboxBankAdapter, 'saveSandboxCard'> | undefined {
  return gateway instanceof SandboxBankAdapter ? gateway : undefined;
}
