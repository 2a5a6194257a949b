import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { QueueDefinition } from '../../jobs/worker.ts';
import type { Clock } from '../../shared/clock.ts';
import { type DeliveryOptions, emailQueue } from './email-delivery.ts';
import { createMailTransport } from './mail-transport.ts';
import { emailSettingsFrom } from './render-email.ts';

/** The email delivery queue with its SMTP pool, as the composition root runs it in the worker; `close()` ends the pool. */
export function emailQueueFromConfig(deps: {
  db: Kysely<MerchantDatabase>;
  config: Config;
  logger: Logger;
  clock: Clock;
  options?: Partial<DeliveryOptions>;
}): { queue: QueueDefinition<{ emailId: number }>; close(): void } {
  const transport = createMailTransport(deps.config.mail);
  const queue = emailQueue({
    db: deps.db,
    transport,
    clock: deps.clock,
    logger: deps.logger.child({ part: 'email' }),
    settings: emailSettingsFrom(deps.config),
    from: deps.config.mail.from,
    ...(deps.options ? { options: deps.options } : {}),
  });
  return { queue, close: () => transport.close() };
}
