import type { QueueDefinition } from '../../jobs/worker.ts';
import { type ChargeOutcome, chargeRenewal } from './charge-renewal.ts';
import { RENEWAL_CHARGE_QUEUE, type RenewalChargeJob, type RenewalDeps } from './renewal-deps.ts';
import { runRenewalPass } from './renewal-pass.ts';

/** The queue renewal passes run on (one job per scheduled slot; see merchant/background). */
export const RENEWAL_PASS_QUEUE = 'renewal.pass';

/**
 * Renewal charges: the first try of each renewal, queued when it opens, and the retries the policy schedules days
 * later. The hourly pass drains it at its own "now"; the worker also runs tries that fall due between passes. A
 * customer paying the order by hand defers the try (no attempt spent); a bank that does not answer retries it.
 */
export function renewalChargeQueue(
  deps: RenewalDeps,
  onCharge?: (outcome: ChargeOutcome) => void,
): QueueDefinition<RenewalChargeJob> {
  return {
    queue: RENEWAL_CHARGE_QUEUE,
    backoff: { baseMs: 15 * 60_000, maxMs: 6 * 3_600_000 },
    maxAttempts: 10,
    leaseMs: 60_000,
    batchSize: 20,
    async handle(payload, { now }) {
      const outcome = await chargeRenewal(deps, payload);
      onCharge?.(outcome);
      if (outcome.kind === 'deferred') {
        return {
          kind: 'deferred',
          until: new Date(now.getTime() + 5 * 60_000),
          reason: `order being paid (${outcome.attempt})`,
        };
      }
      return { kind: 'done' };
    },
  };
}

/** A renewal pass as a job: the schedule writes one per slot, whichever process asks first runs it. */
export function renewalPassQueue(
  deps: RenewalDeps,
  options: { concurrency: number },
): QueueDefinition<{ slot?: string }> {
  return {
    queue: RENEWAL_PASS_QUEUE,
    backoff: { baseMs: 5 * 60_000, maxMs: 30 * 60_000 },
    maxAttempts: 3,
    leaseMs: 5 * 60_000,
    async handle(_payload, { workerId }) {
      // Its charges are claimed under the worker's name: if the process dies mid-pass, another releases them at once.
      const summary = await runRenewalPass(deps, { concurrency: options.concurrency, workerId });
      if (summary.due > 0 || summary.tries > 0) deps.logger.info({ renewals: summary }, 'renewal pass');
      return { kind: 'done' };
    },
  };
}
