import { DONE, type QueueDefinition } from '../../jobs/worker.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { REFUND_SETTLE_QUEUE } from './refund-jobs.ts';
import { settleRefund } from './settle-refund.ts';

/**
 * The retries of a pending refund (refund-jobs.ts): every 30 s doubling to an hour, for about two days. Giving up
 * leaves the refund pending — its amount still held, so nothing can refund it twice — and logged for an operator:
 * the bank may yet have made it, and only asking it again (same key) can tell.
 */
export function refundSettleQueue(deps: PaymentDeps): QueueDefinition<{ refundId: number }> {
  return {
    queue: REFUND_SETTLE_QUEUE,
    backoff: { baseMs: 30_000, maxMs: 3_600_000 },
    maxAttempts: 50,
    leaseMs: 60_000,
    batchSize: 50,
    parallel: 4,
    async handle(payload) {
      const settled = await settleRefund(deps, payload.refundId);
      return settled.kind === 'retry' ? { kind: 'retry', reason: settled.reason } : DONE;
    },
    async onGiveUp(payload, { error }) {
      deps.logger.error(
        { refund: payload.refundId, error },
        'refund still pending after the last try: for an operator',
      );
    },
  };
}
