import { type PeriodicTask, startPeriodicTask } from '../../jobs/job-runner.ts';
import type { RenewalDeps } from './renewal-deps.ts';
import { runRenewalPass } from './renewal-pass.ts';

/**
 * The server's renewal schedule: one pass every `settings.passIntervalMs` (hourly by default; 0 = only by hand), never
 * two at once in this process. Other processes may run passes too (`npm run cassa -- renewals run` on PostgreSQL):
 * the passes share the work safely.
 */
export function scheduleRenewals(deps: RenewalDeps, options: { concurrency: number }): PeriodicTask {
  return startPeriodicTask(
    async () => {
      const summary = await runRenewalPass(deps, { concurrency: options.concurrency });
      if (summary.due > 0 || summary.tries > 0) deps.logger.info({ renewals: summary }, 'renewal pass');
    },
    {
      intervalMs: deps.settings.passIntervalMs,
      onError: (error) => deps.logger.error({ err: error }, 'renewal pass failed; the next one will try again'),
    },
  );
}
