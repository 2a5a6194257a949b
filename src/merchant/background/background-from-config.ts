import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { AnyQueue } from '../../jobs/worker.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import type { SdiChannel } from '../invoices/sdi-channel.ts';
import { type PaymentLogger, paymentDepsFrom } from '../payments/payment-deps.ts';
import { renewalDepsFrom } from '../renewals/renewal-deps.ts';
import { webhookDepsFrom } from '../webhooks/webhook-deps.ts';
import type { BackgroundDeps } from './merchant-queues.ts';

/** The background work's dependencies, as the server and the operator commands build them from the configuration. */
export function backgroundFromConfig(input: {
  config: Config;
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  logger: PaymentLogger;
  gateway: PaymentGateway;
  email?: AnyQueue;
  /** The SdI port of the process that transmits (the sandbox SdI's, unless CASSA_SANDBOX_SDI=0). */
  sdiChannel?: SdiChannel;
  databaseKind: 'pglite' | 'postgres';
}): BackgroundDeps {
  const { config, db, clock, logger, gateway } = input;
  return {
    payments: paymentDepsFrom(config, { db, gateway, clock, logger }),
    renewals: renewalDepsFrom(config, { db, gateway, clock, logger }),
    webhooks: webhookDepsFrom(config, db, clock),
    ...(input.email ? { email: input.email } : {}),
    ...(input.sdiChannel ? { sdi: { db, channel: input.sdiChannel, clock, logger } } : {}),
    retentionDays: config.retentionDays,
    // PGlite runs one statement at a time: concurrency there only adds waiting.
    renewalConcurrency: input.databaseKind === 'postgres' ? 4 : 1,
  };
}
