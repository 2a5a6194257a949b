import { sqlMigration } from '../../../db/migrator.ts';

/**
 * A merchant whose notify_url refuses the connection is not listening yet (a restart): such a try is not an attempt.
 * `refusals` counts the refusals in a row, for a short backoff of its own; `attempts` counts real attempts only.
 */
export const bankNotificationRefusals = sqlMigration([
  'alter table notifications add column refusals integer not null default 0',
]);
