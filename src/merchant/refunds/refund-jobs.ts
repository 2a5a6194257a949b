import type { Transaction } from 'kysely';
import type { MerchantDatabase, Refund } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';

/** Asks the bank again for a refund still pending (its first call got no usable answer, or the process stopped). */
export const REFUND_SETTLE_QUEUE = 'refund.settle';

/**
 * The first retry, if the call made at once gets no answer: late enough that the call made by the request itself
 * has normally settled the refund (the job then finds it settled and stops).
 */
export const FIRST_REFUND_RETRY_MS = 60_000;

/**
 * Written with the pending refund, in its transaction: a crash between that commit and the bank's answer loses
 * nothing. One job per refund (its singleton key).
 */
export async function enqueueRefundSettle(trx: Transaction<MerchantDatabase>, refund: Refund, at: Date): Promise<void> {
  await enqueueJob(trx, {
    queue: REFUND_SETTLE_QUEUE,
    payload: { refundId: Number(refund.id) },
    runAt: new Date(at.getTime() + FIRST_REFUND_RETRY_MS),
    at,
    singletonKey: refundJobKey(Number(refund.id)),
  });
}

export function refundJobKey(refundId: number): string {
  return `${REFUND_SETTLE_QUEUE}:${refundId}`;
}
