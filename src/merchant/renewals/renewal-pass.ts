import { countDueJobs } from '../../jobs/job-queue.ts';
import { drainQueue } from '../../jobs/worker.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { isCardExpired } from '../cards/card-display.ts';
import type { ChargeOutcome } from './charge-renewal.ts';
import { openRenewal } from './open-renewal.ts';
import { RENEWAL_CHARGE_QUEUE, type RenewalDeps } from './renewal-deps.ts';
import { type NoticeCounts, sendRenewalNotices } from './renewal-notices.ts';
import { renewalChargeQueue } from './renewal-queues.ts';
import { type DueSubscription, findDueSubscriptions } from './renewal-repository.ts';

export interface PassSummary {
  /** The pass's "now", ISO. */
  at: string;
  dryRun: boolean;
  /** Services whose renewal fell due in this pass (automatic renewal on, expiring within the lead time). */
  due: number;
  /** Renewal orders opened (dry run: that would be opened or adopted). */
  opened: number;
  /** Orders of the service already awaiting payment (made by hand) that a renewal took over instead of a new one. */
  adopted: number;
  /** Charge tries that ran (first tries and retries due by now). */
  tries: number;
  approved: number;
  /** Declines by code (an expired card is counted as `expired_card`, although the bank was not asked). */
  declined: Record<string, number>;
  retriesScheduled: number;
  actionRequired: number;
  /** What was not charged, and why. */
  skipped: Record<string, number>;
  /** Charge jobs that failed to run (e.g. the bank unreachable) and will be run again. */
  errors: number;
  notices: NoticeCounts;
}

export interface PassProgress {
  done: number;
  total: number;
  label: 'open' | 'charge';
}

/**
 * One renewal pass at the clock's "now": open the renewals that fell due (order + first charge job, one transaction
 * each), run every charge job due by now (first tries and scheduled retries), then the notices. Safe to run twice or
 * concurrently: each step is guarded by a unique constraint, a row lock or `SKIP LOCKED`. With `dryRun`, reports
 * what would happen and changes nothing (no order, no charge, no email).
 */
export async function runRenewalPass(
  deps: RenewalDeps,
  options: {
    dryRun?: boolean;
    concurrency?: number;
    onProgress?: (progress: PassProgress) => void;
    /** Whose name the pass's charge claims carry (the worker running the pass job; else this process's pass). */
    workerId?: string;
  } = {},
): Promise<PassSummary> {
  const now = deps.clock.now();
  const today = businessDate(now, deps.settings.timeZone);
  const dryRun = options.dryRun ?? false;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const summary: PassSummary = {
    at: now.toISOString(),
    dryRun,
    due: 0,
    opened: 0,
    adopted: 0,
    tries: 0,
    approved: 0,
    declined: {},
    retriesScheduled: 0,
    actionRequired: 0,
    skipped: {},
    errors: 0,
    notices: { cardExpiring: 0, serviceExpiring: 0 },
  };
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const window = { today, lastDay: addDays(today, deps.settings.leadDays) };
  const due = await findAllDue(deps, window);
  summary.due = due.length;
  if (dryRun) {
    for (const item of due) {
      if (!item.card || item.card.removed_at !== null) bump(summary.skipped, 'no_card');
      else if (isCardExpired(item.card, now, deps.settings.timeZone)) {
        summary.opened++;
        bump(summary.declined, 'expired_card');
      } else summary.opened++;
    }
    summary.tries = await countDueJobs(deps.db, RENEWAL_CHARGE_QUEUE, now);
    summary.notices = await sendRenewalNotices(deps, { dryRun: true });
    return summary;
  }

  let opened = 0;
  await forEachConcurrently(due, concurrency, async (item) => {
    try {
      const outcome = await openRenewal(deps, item.subscriptionId);
      if (outcome.kind === 'skipped') bump(summary.skipped, outcome.reason);
      else {
        if (outcome.order === 'adopted') summary.adopted++;
        else summary.opened++;
        if (outcome.kind === 'card_expired') bump(summary.declined, 'expired_card');
      }
    } catch (error) {
      // One service that cannot be opened (a bug, a lost connection) must not stop the others: the next pass tries it.
      summary.errors++;
      deps.logger.error({ subscription: item.subscriptionId, err: error }, 'renewal not opened');
    }
    options.onProgress?.({ done: ++opened, total: due.length, label: 'open' });
  });

  const total = await countDueJobs(deps.db, RENEWAL_CHARGE_QUEUE, now);
  let ran = 0;
  const record = (outcome: ChargeOutcome) => {
    if (outcome.kind === 'approved') summary.approved++;
    else if (outcome.kind === 'skipped') bump(summary.skipped, outcome.reason);
    else if (outcome.kind === 'deferred') bump(summary.skipped, outcome.reason);
    else {
      bump(summary.declined, outcome.reason);
      if (outcome.after === 'retry') summary.retriesScheduled++;
      if (outcome.after === 'action_required') summary.actionRequired++;
    }
    if (outcome.kind === 'approved' || outcome.kind === 'declined') summary.tries++;
  };
  const queue = renewalChargeQueue(deps, record);
  const workerDeps = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    workerId: options.workerId ?? `renewal-pass:${process.pid}`,
  };
  await Promise.all(
    Array.from({ length: concurrency }, () =>
      drainQueue(workerDeps, queue, {
        // Jobs queued by this pass are due at its "now"; retries queued by it are due days later.
        now: () => now,
        onJob: (_job, result) => {
          if (result === 'retrying' || result === 'failed') summary.errors++;
          options.onProgress?.({ done: ++ran, total: Math.max(total, ran), label: 'charge' });
        },
      }),
    ),
  );
  summary.notices = await sendRenewalNotices(deps, { dryRun: false });
  return summary;
}

/** Every due service, read in bounded pages (keyset on expiry and id) so no query reads the whole table at once. */
async function findAllDue(deps: RenewalDeps, window: { today: string; lastDay: string }): Promise<DueSubscription[]> {
  const all: DueSubscription[] = [];
  let after: { expiresOn: string; id: number } | undefined;
  for (;;) {
    const page = await findDueSubscriptions(deps.db, { ...window, limit: DUE_PAGE, ...(after ? { after } : {}) });
    all.push(...page);
    const last = page.at(-1);
    if (page.length < DUE_PAGE || !last) return all;
    after = { expiresOn: last.expiresOn, id: last.subscriptionId };
  }
}

const DUE_PAGE = 1000;

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}
