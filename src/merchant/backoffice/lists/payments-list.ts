import type { z } from 'zod';
import type { PaymentAttemptStatus, PaymentPurpose } from '../../../db/schema.ts';
import { DECLINE_REASONS } from '../../gateway/payment-gateway.ts';
import { ATTEMPT_TRANSITIONS } from '../../payments/attempt-states.ts';
import { enumParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

export const ATTEMPT_STATUSES = Object.keys(ATTEMPT_TRANSITIONS) as [PaymentAttemptStatus, ...PaymentAttemptStatus[]];
export const PAYMENT_PURPOSES = [
  'order_payment',
  'renewal_charge',
  'card_verification',
] as const satisfies readonly PaymentPurpose[];

/** `/pagamenti`'s filters. Card verifications (a cent asked to check a card) only when asked for by purpose. */
export const PaymentFilters = withDayRange({
  status: enumParam(ATTEMPT_STATUSES).optional(),
  purpose: enumParam(PAYMENT_PURPOSES).optional(),
  decline: enumParam(DECLINE_REASONS).optional(),
});
export type PaymentFilters = z.infer<typeof PaymentFilters>;

export interface PaymentListRow {
  id: number;
  cursor_key: string;
  public_id: string;
  created_at: Date;
  purpose: PaymentPurpose;
  status: PaymentAttemptStatus;
  amount_cents: number;
  currency: string;
  decline_reason: string | null;
  card_brand: string | null;
  card_last4: string | null;
  customer_id: number;
  customer_name: string;
  order_number: string | null;
}

/** Payment attempts newest first (created_at, id), through payment_attempts_created_idx and its status twin. */
export async function listPayments(
  { db, timeZone }: ListContext,
  filters: PaymentFilters,
  page: ListPage,
): Promise<PaymentListRow[]> {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('payment_attempts as pa')
    .innerJoin('customers as c', 'c.id', 'pa.customer_id')
    .leftJoin('orders as o', 'o.id', 'pa.order_id')
    .select([
      'pa.id',
      cursorKey('pa.created_at', 'timestamptz').as('cursor_key'),
      'pa.public_id',
      'pa.created_at',
      'pa.purpose',
      'pa.status',
      'pa.amount_cents',
      'pa.currency',
      'pa.decline_reason',
      'pa.card_brand',
      'pa.card_last4',
      'pa.customer_id',
      'c.name as customer_name',
      'o.number as order_number',
    ])
    .where(afterCursor('pa.created_at', 'pa.id', 'desc', 'timestamptz', page.after))
    .where('pa.purpose', filters.purpose ? '=' : '<>', filters.purpose ?? 'card_verification')
    .$if(filters.status !== undefined, (q) => q.where('pa.status', '=', filters.status as PaymentAttemptStatus))
    .$if(filters.decline !== undefined, (q) => q.where('pa.decline_reason', '=', filters.decline ?? ''))
    .$if(since !== undefined, (q) => q.where('pa.created_at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('pa.created_at', '<', before as Date))
    .orderBy('pa.created_at', 'desc')
    .orderBy('pa.id', 'desc')
    .limit(page.limit)
    .execute();
}
