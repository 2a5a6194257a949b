import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';

/** What the webhook use cases and the delivery job need, from the composition root. */
export interface WebhookDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  /** Production refuses private targets unless WEBHOOK_ALLOW_PRIVATE=1 (webhook-target.ts). */
  allowPrivateTargets: boolean;
  /** 10 s by default; tests pass a short one. */
  timeoutMs: number;
  /** Where an endpoint's disabling is emailed (OPERATIONS_EMAIL). */
  operationsEmail: string;
  /** The retry jitter's random source (tests pass a fixed one to read the schedule exactly). */
  random?: () => number;
}

export function webhookDepsFrom(config: Config, db: Kysely<MerchantDatabase>, clock: Clock): WebhookDeps {
  return {
    db,
    clock,
    allowPrivateTargets: config.webhooks.allowPrivateTargets,
    timeoutMs: config.webhooks.timeoutMs,
    operationsEmail: config.mail.operationsEmail,
  };
}
