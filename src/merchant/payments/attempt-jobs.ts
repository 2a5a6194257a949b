import type { Transaction } from 'kysely';
import type { MerchantDatabase, PaymentAttempt } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';

type Trx = Transaction<MerchantDatabase>;

/**
 * The jobs that finish an attempt's business with the bank, each written in the transaction that makes it owed, so a
 * crash between that commit and the bank call loses nothing: the job runs the call later, with the same idempotency
 * key. One job per attempt and kind (singleton keys).
 */
export const ATTEMPT_QUEUES = {
  /** Ask the bank how an open attempt stands, on a backoff (1 minute → 1 day), until it is settled. */
  reconcile: 'payment.reconcile',
  /** Take the money of an authorized order payment. */
  capture: 'payment.capture',
  /** Release an authorization nobody keeps (a duplicate, a verification's cent). */
  void: 'payment.void',
  /** Give back captured money that was not the order's payment. */
  refund: 'payment.refund',
} as const;

/** The first look at an open attempt: soon enough to catch a lost return, late enough for the customer to pay. */
export const FIRST_RECONCILE_DELAY_MS = 60_000;

function jobFor(queue: string, attempt: Pick<PaymentAttempt, 'id'>, runAt: Date, at: Date) {
  return { queue, payload: { attemptId: Number(attempt.id) }, runAt, at, singletonKey: `${queue}:${attempt.id}` };
}

export async function enqueueReconcile(trx: Trx, attempt: Pick<PaymentAttempt, 'id'>, at: Date): Promise<void> {
  await enqueueJob(
    trx,
    jobFor(ATTEMPT_QUEUES.reconcile, attempt, new Date(at.getTime() + FIRST_RECONCILE_DELAY_MS), at),
  );
}

export async function enqueueCapture(trx: Trx, attempt: Pick<PaymentAttempt, 'id'>, at: Date): Promise<void> {
  await enqueueJob(trx, jobFor(ATTEMPT_QUEUES.capture, attempt, at, at));
}

export async function enqueueVoid(trx: Trx, attempt: Pick<PaymentAttempt, 'id'>, at: Date): Promise<void> {
  await enqueueJob(trx, jobFor(ATTEMPT_QUEUES.void, attempt, at, at));
}

export async function enqueueRefund(trx: Trx, attempt: Pick<PaymentAttempt, 'id'>, at: Date): Promise<void> {
  await enqueueJob(trx, jobFor(ATTEMPT_QUEUES.refund, attempt, at, at));
}

export function attemptJobKey(queue: string, attemptId: number): string {
  return `${queue}:${attemptId}`;
}
