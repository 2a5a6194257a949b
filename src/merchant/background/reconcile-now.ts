import type { PaymentAttempt } from '../../db/schema.ts';
import { drainQueue, type WorkerDeps } from '../../jobs/worker.ts';
import { ATTEMPT_QUEUES } from '../payments/attempt-jobs.ts';
import { attemptsToReconcileQuery, findAttemptById } from '../payments/attempt-repository.ts';
import { GATEWAY_EVENT_QUEUE } from '../payments/gateway-events.ts';
import { type BackgroundDeps, merchantQueues, reconcileAttempt } from './merchant-queues.ts';

/** Longer than any 3-D Secure challenge (5 minutes) plus a customer's hesitation: what is still open then is lost. */
export const DEFAULT_CHALLENGE_WINDOW_MS = 15 * 60_000;

export interface ReconcileSummary {
  examined: number;
  paid: number;
  declinedOrFailed: number;
  /** Ended with no money moved: the bank session expired or was cancelled, or the request never reached the bank. */
  abandoned: number;
  stillOpen: number;
  needsAttention: number;
  events: number;
  /** Captures, voids and refunds owed to the bank that ran now. */
  followUps: number;
  errors: number;
}

/**
 * `npm run cassa -- reconcile`: everything the worker would do for open payments, now. Notifications stored but not
 * applied are applied; every attempt still open past the challenge window — and every renewal charge whose answer
 * was not recorded, whatever its age — is settled by asking the bank; the captures, voids and refunds owed are made.
 * Safe to run anywhere, any number of times, concurrently with everything else.
 */
export async function reconcileNow(
  deps: BackgroundDeps & { worker: WorkerDeps },
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<ReconcileSummary> {
  const now = deps.payments.clock.now();
  const before = new Date(now.getTime() - (options.olderThanMs ?? DEFAULT_CHALLENGE_WINDOW_MS));
  const summary: ReconcileSummary = {
    examined: 0,
    paid: 0,
    declinedOrFailed: 0,
    abandoned: 0,
    stillOpen: 0,
    needsAttention: 0,
    events: 0,
    followUps: 0,
    errors: 0,
  };
  const queues = new Map(merchantQueues(deps).map((def) => [def.queue, def]));
  const drain = async (name: string) => {
    const def = queues.get(name);
    return def ? drainQueue(deps.worker, def) : 0;
  };
  summary.events = await drain(GATEWAY_EVENT_QUEUE);

  const open = await attemptsToReconcileQuery(deps.payments.db, before, options.limit ?? 500).execute();
  for (const { id } of open) {
    summary.examined++;
    try {
      await reconcileAttempt(deps, Number(id));
    } catch (error) {
      summary.errors++;
      deps.payments.logger.error({ attempt: id, err: error }, 'reconciliation: attempt not settled');
    }
    const attempt = await findAttemptById(deps.payments.db, Number(id));
    if (attempt) count(summary, attempt);
  }
  for (const name of [ATTEMPT_QUEUES.capture, ATTEMPT_QUEUES.void, ATTEMPT_QUEUES.refund]) {
    summary.followUps += await drain(name);
  }
  if (summary.examined > 0 || summary.events > 0 || summary.followUps > 0) {
    deps.payments.logger.info({ ...summary }, 'payments reconciled');
  }
  return summary;
}

function count(summary: ReconcileSummary, attempt: PaymentAttempt): void {
  switch (attempt.status) {
    case 'authorized':
    case 'captured':
      summary.paid++;
      return;
    case 'declined':
    case 'failed':
      summary.declinedOrFailed++;
      return;
    case 'abandoned':
    case 'cancelled':
    case 'void_pending':
    case 'voided':
    case 'refund_pending':
    case 'refunded':
      summary.abandoned++;
      return;
    case 'needs_attention':
      summary.needsAttention++;
      return;
    default:
      summary.stillOpen++;
  }
}

export function describeReconcile(summary: ReconcileSummary): string {
  return (
    `examined ${summary.examined} open payment(s): ${summary.paid} paid, ` +
    `${summary.declinedOrFailed} declined or failed, ${summary.abandoned} ended without a charge ` +
    `(expired, cancelled or never sent), ${summary.stillOpen} still open, ` +
    `${summary.needsAttention} left for an operator; ${summary.events} notification(s) applied; ` +
    `${summary.followUps} capture/void/refund call(s) made; ${summary.errors} error(s)`
  );
}
