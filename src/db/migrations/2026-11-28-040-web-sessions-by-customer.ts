import { sqlMigration } from '../migrator.ts';

/** "Esci" in one app ends the customer's sessions in the other: that delete finds them by customer and app. */
export const webSessionsByCustomer = sqlMigration([
  'create index web_sessions_customer_idx on web_sessions (customer_id, app)',
]);
