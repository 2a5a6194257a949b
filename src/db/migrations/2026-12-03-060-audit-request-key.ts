import { sqlMigration } from '../migrator.ts';

/**
 * An operator's confirmation form carries a key made when the page was shown (backoffice/actions/action-routes.ts):
 * the same form sent twice (a double click, a reload after a lost answer) is one action and one audit entry. The
 * unique index is what makes it one entry even when the two requests race.
 */
export const auditRequestKey = sqlMigration([
  'alter table audit_log add column request_key text',
  'create unique index audit_log_request_key_idx on audit_log (request_key) where request_key is not null',
]);
