import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { type PaymentDeps, paymentDepsFrom } from '../payments/payment-deps.ts';
import { type RenewalDeps, renewalDepsFrom } from '../renewals/renewal-deps.ts';

/** What every back-office route plugin is given: the same deps as the other apps, from the one composition root. */
export interface BackofficeDeps {
  db: Kysely<MerchantDatabase>;
  config: Config;
  logger: FastifyBaseLogger;
  clock: Clock;
  /** The bank: live status of a payment, refunds, reconciliation. */
  gateway: PaymentGateway;
}

/** One part of the back office (dashboard, lists, order page, …): a Fastify plugin built from the deps. */
export type BackofficeRoutes = (deps: BackofficeDeps) => (app: FastifyInstance) => Promise<void>;

/** The payment use cases' deps (refunds, reconciliation), from the back office's own. */
export function backofficePaymentDeps(deps: BackofficeDeps): PaymentDeps {
  return paymentDepsFrom(deps.config, deps);
}

/** The renewal engine's deps (a renewal charge's reconciliation), from the back office's own. */
export function backofficeRenewalDeps(deps: BackofficeDeps): RenewalDeps {
  return renewalDepsFrom(deps.config, deps);
}
