import type { z } from 'zod';
import type { RefundStatus } from '../../../db/schema.ts';
import { enumParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const satisfies readonly RefundStatus[];

export const RefundFilters = withDayRange({ status: enumParam(REFUND_STATUSES).optional() });
export type RefundFilters = z.infer<typeof RefundFilters>;

export interface RefundListRow {
  id: number;
  cursor_key: string;
  created_at: Date;
  completed_at: Date | null;
  status: RefundStatus;
  amount_cents: number;
  currency: string;
  reason: string;
  requested_by: string;
  failure_reason: string | null;
  payment_public_id: string;
  order_number: string;
  customer_id: number;
  customer_name: string;
}

/** Refunds newest first (created_at, id), through refunds_created_idx. */
export async function listRefunds(
  { db, timeZone }: ListContext,
  filters: RefundFilters,
  page: ListPage,
): Promise<RefundListRow[]> {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('refunds as r')
    .innerJoin('payment_attempts as pa', 'pa.id', 'r.attempt_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select([
      'r.id',
      cursorKey('r.created_at', 'timestamptz').as('cursor_key'),
      'r.created_at',
      'r.completed_at',
      'r.status',
      'r.amount_cents',
      'r.currency',
      'r.reason',
      'r.requested_by',
      'r.failure_reason',
      'pa.public_id as payment_public_id',
      'o.number as order_number',
      'o.customer_id',
      'c.name as customer_name',
    ])
    .where(afterCursor('r.created_at', 'r.id', 'desc', 'timestamptz', page.after))
    .$if(filters.status !== undefined, (q) => q.where('r.status', '=', filters.status as RefundStatus))
    .$if(since !== undefined, (q) => q.where('r.created_at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('r.created_at', '<', before as Date))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(page.limit)
    .execute();
}
