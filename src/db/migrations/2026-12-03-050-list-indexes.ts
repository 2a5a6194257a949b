import { sqlMigration } from '../migrator.ts';

/**
 * The back office's lists (issue 12, point 7) read newest first in keyset pages: `(created_at, id) < (cursor)` ordered
 * by `created_at desc, id desc`. Each index below lets a page read its 51 rows off the index instead of sorting a
 * whole table; the status twins serve the filters an operator uses most (orders by state, payments by status, the
 * outbox's failed emails), which would otherwise walk the whole newest-first index to find a rare status.
 */
export const listIndexes = sqlMigration([
  'create index orders_created_idx on orders (created_at desc, id desc)',
  'create index orders_state_created_idx on orders (state, created_at desc, id desc)',
  'create index payment_attempts_created_idx on payment_attempts (created_at desc, id desc)',
  'create index payment_attempts_status_created_idx on payment_attempts (status, created_at desc, id desc)',
  'create index refunds_created_idx on refunds (created_at desc, id desc)',
  'create index renewals_created_idx on renewals (created_at desc, id desc)',
  'create index email_outbox_status_created_idx on email_outbox (status, created_at desc, id desc)',
  'create index audit_log_operator_email_idx on audit_log (operator_email, at desc, id desc)',
  'create index audit_log_action_idx on audit_log (action, at desc, id desc)',
  'create index jobs_created_idx on jobs (created_at desc, id desc)',
  'create index webhook_deliveries_created_idx on webhook_deliveries (created_at desc, id desc)',
]);
