import { drainDueJobs } from '../../jobs/job-runner.ts';
import type { RenewalDeps } from './renewal-deps.ts';

/** Renewal charges the bank approved for an order the customer had paid by hand meanwhile: each is refunded. */
export const DOUBLE_CHARGE_REFUND_QUEUE = 'renewal.double_charge_refund';

/**
 * Refunds one such charge in full, once: the idempotency key is derived from the charge's own, and the refund id is
 * recorded only where none is yet. Safe to run again after a crash or a failed call (the job retries it).
 */
export async function refundDoubleCharge(deps: Pick<RenewalDeps, 'db' | 'gateway' | 'logger'>, chargeId: number) {
  const charge = await deps.db.selectFrom('renewal_charges').selectAll().where('id', '=', chargeId).executeTakeFirst();
  if (charge?.status !== 'approved' || !charge.bank_charge_id || charge.refund_id !== null) return;
  const refund = await deps.gateway.refund({
    chargeId: charge.bank_charge_id,
    amountCents: charge.amount_cents,
    idempotencyKey: `${charge.idempotency_key}:refund`,
  });
  await deps.db
    .updateTable('renewal_charges')
    .set({ refund_id: refund.id })
    .where('id', '=', chargeId)
    .where('refund_id', 'is', null)
    .execute();
  deps.logger.warn({ charge: charge.bank_charge_id, refund: refund.id }, 'renewal charge refunded: order paid by hand');
}

/** Runs the double-charge refunds still owed; the renewal pass calls it. */
export async function refundOwedDoubleCharges(deps: Pick<RenewalDeps, 'db' | 'gateway' | 'logger' | 'clock'>) {
  return drainDueJobs(deps.db, {
    queue: DOUBLE_CHARGE_REFUND_QUEUE,
    now: () => deps.clock.now(),
    handle: (job) => refundDoubleCharge(deps, (job.payload as { chargeId: number }).chargeId),
  });
}
