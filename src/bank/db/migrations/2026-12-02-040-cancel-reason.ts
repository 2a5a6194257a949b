import { sqlMigration } from '../../../db/migrator.ts';

/**
 * A cancelled session says who cancelled it: the merchant through the API (it superseded the session), or the
 * customer with "Annulla pagamento" on the hosted page (they gave the payment up). The merchant reads the two
 * differently. Every session cancelled before this migration was the merchant's.
 */
export const bankCancelReason = sqlMigration([
  'alter table payment_sessions add column cancel_reason text',
  "update payment_sessions set cancel_reason = 'merchant' where status = 'cancelled'",
  `alter table payment_sessions add constraint payment_sessions_cancel_check check (
    (cancel_reason is null or cancel_reason in ('merchant', 'customer'))
    and (status = 'cancelled') = (cancel_reason is not null))`,
]);
