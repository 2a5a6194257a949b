import { findAttemptById, listStaleAttempts, transitionAttempt } from './attempt-repository.ts';
import { completePayment } from './complete-payment.ts';
import { listUnprocessedEvents, processGatewayEvent } from './gateway-events.ts';
import type { PaymentDeps } from './payment-deps.ts';

/** Longer than any 3-D Secure challenge (5 minutes) plus a customer's hesitation: what is still open then is lost. */
export const DEFAULT_CHALLENGE_WINDOW_MS = 15 * 60_000;

export interface ReconcileSummary {
  examined: number;
  authorized: number;
  declinedOrFailed: number;
  abandoned: number;
  refunded: number;
  stillOpen: number;
  events: number;
  errors: number;
}

/**
 * Closes every gap the return and the notification may leave: each attempt still open after the challenge window is
 * settled by asking the bank (completePayment); an attempt the bank never received, or whose session expired, is
 * abandoned; owed refunds are retried; notifications stored but not applied are applied. Safe to run anywhere, any
 * number of times, concurrently with everything else.
 */
export async function reconcilePayments(
  deps: PaymentDeps,
  options: { challengeWindowMs?: number; limit?: number } = {},
): Promise<ReconcileSummary> {
  const window = options.challengeWindowMs ?? DEFAULT_CHALLENGE_WINDOW_MS;
  const now = deps.clock.now();
  const summary: ReconcileSummary = {
    examined: 0,
    authorized: 0,
    declinedOrFailed: 0,
    abandoned: 0,
    refunded: 0,
    stillOpen: 0,
    events: 0,
    errors: 0,
  };
  for (const eventId of await listUnprocessedEvents(deps.db, new Date(now.getTime() - 30_000), options.limit ?? 200)) {
    try {
      await processGatewayEvent(deps, eventId);
      summary.events++;
    } catch (error) {
      summary.errors++;
      deps.logger.error({ eventId, err: error }, 'reconciliation: notification not applied');
    }
  }
  const stale = await listStaleAttempts(deps.db, new Date(now.getTime() - window), options.limit ?? 200);
  for (const candidate of stale) {
    summary.examined++;
    try {
      let attempt = await completePayment(deps, candidate.id, 'reconciliation');
      if (attempt.status === 'created') {
        // The bank has no session for it: the request never reached the bank, or its answer was lost and nobody
        // came back for it. No money moved; the customer can start again.
        const moved = await transitionAttempt(deps.db, {
          attemptId: attempt.id,
          from: 'created',
          to: 'abandoned',
          reason: 'reconciliation: no bank session',
          at: deps.clock.now(),
          set: { completed_at: deps.clock.now() },
        });
        attempt = moved.ok ? moved.attempt : ((await findAttemptById(deps.db, attempt.id)) ?? attempt);
      }
      if (attempt.status === 'authorized') summary.authorized++;
      else if (attempt.status === 'declined' || attempt.status === 'failed') summary.declinedOrFailed++;
      else if (attempt.status === 'abandoned') summary.abandoned++;
      else if (attempt.status === 'refunded') summary.refunded++;
      else summary.stillOpen++;
    } catch (error) {
      summary.errors++;
      deps.logger.error({ attempt: candidate.public_id, err: error }, 'reconciliation: attempt not settled');
    }
  }
  if (summary.examined > 0 || summary.events > 0) deps.logger.info({ ...summary }, 'payments reconciled');
  return summary;
}

/** Runs the reconciliation every `intervalMs` (never two passes at once in this process) until stopped. */
export function scheduleReconciliation(
  deps: PaymentDeps,
  options: { intervalMs: number; challengeWindowMs?: number },
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = reconcilePayments(deps, options)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'reconciliation pass failed'))
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
