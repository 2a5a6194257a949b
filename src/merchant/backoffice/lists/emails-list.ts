import type { z } from 'zod';
import type { EmailStatus } from '../../../db/schema.ts';
import { enumParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

export const SHOWN_EMAIL_STATUSES = ['failed', 'pending'] as const satisfies readonly EmailStatus[];

/** `/email-fallite`: failed emails unless `status=pending` asks for those still to send. */
export const EmailFilters = withDayRange({ status: enumParam(SHOWN_EMAIL_STATUSES).default('failed') });
export type EmailFilters = z.infer<typeof EmailFilters>;

export interface EmailListRow {
  id: number;
  cursor_key: string;
  created_at: Date;
  status: EmailStatus;
  to_address: string;
  template: string;
  attempts: number;
  last_error: string | null;
  customer_id: number | null;
  customer_name: string | null;
}

/** Outbox rows of one status newest first (created_at, id), through email_outbox_status_created_idx. */
export async function listEmails(
  { db, timeZone }: ListContext,
  filters: EmailFilters,
  page: ListPage,
): Promise<EmailListRow[]> {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('email_outbox as e')
    .leftJoin('customers as c', 'c.id', 'e.customer_id')
    .select([
      'e.id',
      cursorKey('e.created_at', 'timestamptz').as('cursor_key'),
      'e.created_at',
      'e.status',
      'e.to_address',
      'e.template',
      'e.attempts',
      'e.last_error',
      'e.customer_id',
      'c.name as customer_name',
    ])
    .where(afterCursor('e.created_at', 'e.id', 'desc', 'timestamptz', page.after))
    .where('e.status', '=', filters.status)
    .$if(since !== undefined, (q) => q.where('e.created_at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('e.created_at', '<', before as Date))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .execute();
}
