import { z } from 'zod';
import type { OrderKind, OrderState } from '../../../db/schema.ts';
import { catalogProductCode } from '../../public/public-ids.ts';
import { enumParam, idParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

export const ORDER_STATES = ['awaiting_payment', 'paid', 'cancelled'] as const satisfies readonly OrderState[];
export const ORDER_KINDS = ['purchase', 'renewal'] as const satisfies readonly OrderKind[];

/** `/ordini`'s filters: the product as the API writes its code (`PEC`, read in either case), business days of creation, a customer id. */
export const OrderFilters = withDayRange({
  state: enumParam(ORDER_STATES).optional(),
  kind: enumParam(ORDER_KINDS).optional(),
  product: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)
    .optional(),
  customer: idParam.optional(),
});
export type OrderFilters = z.infer<typeof OrderFilters>;

export interface OrderListRow {
  id: number;
  cursor_key: string;
  number: string;
  created_at: Date;
  kind: OrderKind;
  state: OrderState;
  total_cents: number;
  currency: string;
  customer_id: number;
  customer_name: string;
  customer_email: string;
  product_code: string;
  service_label: string;
}

/** Orders newest first (created_at, id), through orders_created_idx or orders_state_created_idx. */
export async function listOrders(
  { db, timeZone }: ListContext,
  filters: OrderFilters,
  page: ListPage,
): Promise<OrderListRow[]> {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
    .select([
      'o.id',
      cursorKey('o.created_at', 'timestamptz').as('cursor_key'),
      'o.number',
      'o.created_at',
      'o.kind',
      'o.state',
      'o.total_cents',
      'o.currency',
      'o.customer_id',
      'c.name as customer_name',
      'c.email as customer_email',
      's.product_code',
      's.label as service_label',
    ])
    .where(afterCursor('o.created_at', 'o.id', 'desc', 'timestamptz', page.after))
    .$if(filters.state !== undefined, (q) => q.where('o.state', '=', filters.state as OrderState))
    .$if(filters.kind !== undefined, (q) => q.where('o.kind', '=', filters.kind as OrderKind))
    .$if(filters.product !== undefined, (q) =>
      q.where('s.product_code', '=', catalogProductCode(filters.product ?? '')),
    )
    .$if(filters.customer !== undefined, (q) => q.where('o.customer_id', '=', filters.customer ?? 0))
    .$if(since !== undefined, (q) => q.where('o.created_at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('o.created_at', '<', before as Date))
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(page.limit)
    .execute();
}
