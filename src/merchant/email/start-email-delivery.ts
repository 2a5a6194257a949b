import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { type DeliveryOptions, startEmailDelivery } from './email-delivery.ts';
import { createMailTransport } from './mail-transport.ts';
import { emailSettingsFrom } from './render-email.ts';

/** The outbox's delivery loop with its SMTP pool, as the composition root runs it; `stop()` closes both. */
export function startEmailOutbox(deps: {
  db: Kysely<MerchantDatabase>;
  config: Config;
  logger: Logger;
  clock: Clock;
  options?: Partial<DeliveryOptions>;
}): { stop(): Promise<void> } {
  const transport = createMailTransport(deps.config.mail);
  const loop = startEmailDelivery({
    db: deps.db,
    transport,
    clock: deps.clock,
    logger: deps.logger.child({ part: 'email' }),
    settings: emailSettingsFrom(deps.config),
    from: deps.config.mail.from,
    ...(deps.options ? { options: deps.options } : {}),
  });
  return {
    async stop() {
      await loop.stop();
      transport.close();
    },
  };
}
