import type { Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { transitionRenewal } from './renewal-repository.ts';
import { canMoveRenewal } from './renewal-states.ts';

/**
 * A renewal order the customer paid (or cancelled) themselves: its renewal has nothing more to charge, so it is closed
 * in the same transaction. Locks the renewal row (after the order's, see LOCK_ORDER in orders/mark-order-paid.ts).
 */
export async function closeRenewalOfPaidOrder(
  trx: Transaction<MerchantDatabase>,
  orderId: number,
  why: string,
  at: Date,
): Promise<void> {
  const renewal = await trx
    .selectFrom('renewals')
    .selectAll()
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!renewal || !canMoveRenewal(renewal.status, 'closed')) return;
  await transitionRenewal(trx, { renewal, to: 'closed', reason: `order settled by the customer (${why})`, at });
}
