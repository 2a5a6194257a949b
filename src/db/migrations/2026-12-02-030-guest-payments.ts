import { sqlMigration } from '../migrator.ts';

/**
 * Paying an order without logging in ("Paga subito un ordine", issue 10), and the automatic-renewal choice on the
 * card page. Each order payment attempt now says who started it (`payer`): the signed-in customer, or a guest who
 * gave the order's number and the account's email; and whether paying it switches automatic renewal on
 * (`switch_auto_renew`, the pre-ticked checkbox of the card page; existing attempts keep the old rule: on).
 *
 * The database keeps the guest's limits, whatever the code does: a guest attempt is an order payment, never switches
 * automatic renewal on, and never pays with nor saves a card (`saved_card_id` stays null: the card typed at the bank
 * is used once).
 */
export const guestPayments = sqlMigration([
  `alter table payment_attempts add column payer text not null default 'customer'
    check (payer in ('customer', 'guest'))`,
  'alter table payment_attempts add column switch_auto_renew boolean not null default true',
  `alter table payment_attempts add constraint payment_attempts_guest_check
    check (payer = 'customer'
      or (purpose = 'order_payment' and switch_auto_renew = false and saved_card_id is null))`,
]);
