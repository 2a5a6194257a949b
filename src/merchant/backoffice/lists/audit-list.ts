import { z } from 'zod';
import { type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

/** `/registro`'s filters: the operator's email as the entry keeps it, the action's code, business days. */
export const AuditFilters = withDayRange({
  operator: z
    .string()
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+$/)
    .transform((email) => email.toLowerCase())
    .optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_.:-]{1,100}$/)
    .optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export interface AuditListRow {
  id: number;
  cursor_key: string;
  at: Date;
  operator_email: string;
  action: string;
  object_type: string;
  object_id: string;
  customer_id: number | null;
  customer_name: string | null;
  order_number: string | null;
  reason: string;
}

/** Audit entries newest first (at, id), through audit_log_at_idx (or the operator's and action's twins). Read only. */
export async function listAuditEntries(
  { db, timeZone }: ListContext,
  filters: AuditFilters,
  page: ListPage,
): Promise<AuditListRow[]> {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('audit_log as a')
    .leftJoin('customers as c', 'c.id', 'a.customer_id')
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .select([
      'a.id',
      cursorKey('a.at', 'timestamptz').as('cursor_key'),
      'a.at',
      'a.operator_email',
      'a.action',
      'a.object_type',
      'a.object_id',
      'a.customer_id',
      'c.name as customer_name',
      'o.number as order_number',
      'a.reason',
    ])
    .where(afterCursor('a.at', 'a.id', 'desc', 'timestamptz', page.after))
    .$if(filters.operator !== undefined, (q) => q.where('a.operator_email', '=', filters.operator ?? ''))
    .$if(filters.action !== undefined, (q) => q.where('a.action', '=', filters.action ?? ''))
    .$if(since !== undefined, (q) => q.where('a.at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('a.at', '<', before as Date))
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.limit)
    .execute();
}
