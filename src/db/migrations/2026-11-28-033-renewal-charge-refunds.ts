import { sqlMigration } from '../migrator.ts';

/**
 * A renewal charge approved for an order the customer had just paid by hand is refunded: the bank's refund id is
 * kept with the charge, so the refund is asked for once and never forgotten.
 */
export const renewalChargeRefunds = sqlMigration(['alter table renewal_charges add column refund_id text']);
