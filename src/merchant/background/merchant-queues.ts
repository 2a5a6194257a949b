import type { AnyQueue, JobOutcome, QueueDefinition, Schedule } from '../../jobs/worker.ts';
import { DONE } from '../../jobs/worker.ts';
import { passwordResetQueue } from '../customers/request-password-reset.ts';
import { GatewayError } from '../gateway/payment-gateway.ts';
import type { SdiJobDeps } from '../invoices/sdi-jobs.ts';
import { sdiQueues } from '../invoices/sdi-queues.ts';
import { abandonIfNeverSent } from '../payments/abandon-unsent.ts';
import { ATTEMPT_QUEUES } from '../payments/attempt-jobs.ts';
import { findAttemptById } from '../payments/attempt-repository.ts';
import { isOpenAttempt } from '../payments/attempt-states.ts';
import { captureAttempt } from '../payments/capture-attempt.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import { flagAttempt } from '../payments/flag-attempt.ts';
import { GATEWAY_EVENT_QUEUE, processGatewayEvent } from '../payments/gateway-events.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { refundAttempt } from '../payments/refund-attempt.ts';
import { voidAttempt } from '../payments/void-attempt.ts';
import { refundSettleQueue } from '../refunds/refund-queue.ts';
import { recoverRenewalCharge } from '../renewals/recover-renewal-charge.ts';
import type { RenewalDeps } from '../renewals/renewal-deps.ts';
import { RENEWAL_PASS_QUEUE, renewalChargeQueue, renewalPassQueue } from '../renewals/renewal-queues.ts';
import type { WebhookDeps } from '../webhooks/webhook-deps.ts';
import { webhookQueue } from '../webhooks/webhook-queue.ts';
import { RETENTION_QUEUE, retentionQueue } from './retention.ts';

type AttemptJob = { attemptId: number };

/** What the merchant's background work needs, from the composition root. */
export interface BackgroundDeps {
  payments: PaymentDeps;
  renewals: RenewalDeps;
  /** Outgoing webhook deliveries (the `webhook.deliver` queue). */
  webhooks: WebhookDeps;
  /** The email delivery queue (built with its SMTP transport), when this process sends email. */
  email?: AnyQueue;
  /** The SdI channel, when this process transmits invoices (`sdi.transmit`, `sdi.poll`); see sdi-queues.ts. */
  sdi?: SdiJobDeps;
  retentionDays: number;
  /** Concurrent renewal charges in a pass (PostgreSQL shares them across connections; PGlite runs one at a time). */
  renewalConcurrency: number;
}

/**
 * The reconciliation of one attempt (a `payment.reconcile` job, written with the attempt): the bank is asked how it
 * stands — a hosted session by id or reference, a renewal charge by reference — and its answer applied. Still open:
 * asked again after the backoff (1 minute doubling to a day); after the last try the attempt is left for an operator.
 * One job per attempt, so a pile of attempts the bank does not know never delays a new one.
 */
export function reconcileQueue(deps: BackgroundDeps): QueueDefinition<AttemptJob> {
  return {
    queue: ATTEMPT_QUEUES.reconcile,
    backoff: { baseMs: 60_000, maxMs: 86_400_000, jitter: 0.1 },
    maxAttempts: 14,
    leaseMs: 60_000,
    batchSize: 50,
    parallel: 4,
    handle: (payload) => reconcileAttempt(deps, payload.attemptId),
    async onGiveUp(payload) {
      const attempt = await findAttemptById(deps.payments.db, payload.attemptId);
      if (attempt && isOpenAttempt(attempt.status)) {
        await flagAttempt(deps.payments, attempt, 'still open at the bank after the last reconciliation');
      }
    },
  };
}

/**
 * One look at an attempt; `done` once it is settled. Shared by the job, `npm run cassa -- reconcile` and the back
 * office's "Verifica con la banca".
 */
export async function reconcileAttempt(
  deps: Pick<BackgroundDeps, 'payments' | 'renewals'>,
  attemptId: number,
): Promise<JobOutcome> {
  const attempt = await findAttemptById(deps.payments.db, attemptId);
  if (!attempt || (!isOpenAttempt(attempt.status) && attempt.status !== 'needs_attention')) return DONE;
  try {
    if (attempt.purpose === 'renewal_charge') {
      return (await recoverRenewalCharge(deps.renewals, attempt))
        ? DONE
        : { kind: 'retry', reason: 'the bank has no charge with this reference yet' };
    }
    const settled = await abandonIfNeverSent(
      deps.payments,
      await completeAttempt(deps.payments, attemptId, 'reconciliation'),
    );
    return isOpenAttempt(settled.status) ? { kind: 'retry', reason: `still ${settled.status} at the bank` } : DONE;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { kind: 'retry', reason: `bank: ${error.kind} ${error.code}` };
  }
}

function attemptQueue(queue: string, handle: (attemptId: number) => Promise<JobOutcome>, deps: BackgroundDeps) {
  return {
    queue,
    // What the bank owes us an answer to: soon, then less often; an authorization lapses after 7 days.
    backoff: { baseMs: 30_000, maxMs: 3_600_000 },
    maxAttempts: 40,
    leaseMs: 60_000,
    batchSize: 50,
    parallel: 4,
    handle: (payload: AttemptJob) => handle(payload.attemptId),
    async onGiveUp(payload: AttemptJob, { error }: { error: string }) {
      const attempt = await findAttemptById(deps.payments.db, payload.attemptId);
      if (attempt) await flagAttempt(deps.payments, attempt, `${queue} gave up: ${error}`);
    },
  } satisfies QueueDefinition<AttemptJob>;
}

/** Every queue the merchant's worker runs. */
export function merchantQueues(deps: BackgroundDeps): AnyQueue[] {
  const queues: AnyQueue[] = [
    reconcileQueue(deps),
    attemptQueue(ATTEMPT_QUEUES.capture, (id) => captureAttempt(deps.payments, id), deps),
    attemptQueue(ATTEMPT_QUEUES.void, (id) => voidAttempt(deps.payments, id), deps),
    attemptQueue(ATTEMPT_QUEUES.refund, (id) => refundAttempt(deps.payments, id), deps),
    refundSettleQueue(deps.payments),
    {
      queue: GATEWAY_EVENT_QUEUE,
      backoff: { baseMs: 30_000, maxMs: 3_600_000 },
      maxAttempts: 20,
      leaseMs: 60_000,
      batchSize: 50,
      parallel: 4,
      async handle(payload: { eventId: string }) {
        await processGatewayEvent(deps.payments, payload.eventId);
        return DONE;
      },
    } satisfies QueueDefinition<{ eventId: string }>,
    renewalChargeQueue(deps.renewals),
    renewalPassQueue(deps.renewals, { concurrency: deps.renewalConcurrency }),
    retentionQueue(deps.payments.db, deps.retentionDays),
    passwordResetQueue(deps.payments),
    webhookQueue(deps.webhooks),
  ];
  if (deps.email) queues.push(deps.email);
  if (deps.sdi) queues.push(...sdiQueues(deps.sdi));
  return queues;
}

/** The recurring work: a renewal pass every RENEWAL_PASS_INTERVAL_MINUTES, the retention purge once a day. */
export function merchantSchedules(settings: { renewalPassIntervalMs: number }): Schedule[] {
  return [
    { queue: RENEWAL_PASS_QUEUE, everyMs: settings.renewalPassIntervalMs },
    { queue: RETENTION_QUEUE, everyMs: 86_400_000 },
  ];
}
