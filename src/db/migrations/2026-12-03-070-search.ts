import { sqlMigration } from '../migrator.ts';

/** Folded accented letters, upper and lower case, and the plain letter each becomes (same positions). */
const ACCENTED = 'ÀÁÂÄÃÅÈÉÊËÌÍÎÏÒÓÔÖÕÙÚÛÜÇÑàáâäãåèéêëìíîïòóôöõùúûüçñ';
const PLAIN = 'aaaaaaeeeeiiiiooooouuuucnaaaaaaeeeeiiiiooooouuuucn';

/**
 * The back office's search box (issue 12, "Find"; src/merchant/backoffice/search/): answers on 100,000 orders in well
 * under 100 ms because every kind of query it runs has an index.
 *
 * - Free text (a name, part of an email, a service's label) is matched as a substring of the folded text, through
 *   pg_trgm's GIN indexes: `search_fold` lowers and strips Italian accents, so "NICOLÒ" finds "Nicolo". The query is
 *   folded by the same function, so the rule lives here alone. It is `immutable` (lower and translate are), which an
 *   index expression needs. Upper-case accented letters are listed too: lower() leaves them alone in a C locale.
 * - Identifiers (an order number, a payment's or a bank session's id) are read whole or by their beginning: a btree
 *   in the "C" collation serves `like 'prefix%'` and the newest-first order whatever the database's own collation.
 * - A card's last four digits is an equality, newest attempts first.
 *
 * On PostgreSQL the migrating role needs the right to create pg_trgm (a superuser, or the database's owner on
 * PostgreSQL 13+, where pg_trgm is a trusted extension), or the extension must already exist. PGlite loads it in
 * every instance (db/database.ts).
 */
export const search = sqlMigration([
  'create extension if not exists pg_trgm',
  // PL/pgSQL, not SQL: a SQL function would be inlined and priced as two cheap operators, and the planner would then
  // prefer reading every customer through translate() (about 8 µs a row on PGlite) to the trigram index. Its declared
  // cost keeps the index in front. ASCII text (most of it) skips translate().
  `create function search_fold(value text) returns text
    language plpgsql immutable strict parallel safe cost 100
    as $$
    begin
      if octet_length(value) = length(value) then
        return lower(value);
      end if;
      return translate(lower(value), '${ACCENTED}', '${PLAIN}');
    end
    $$`,
  'create index customers_name_search_idx on customers using gin (search_fold(name) gin_trgm_ops)',
  'create index customers_email_search_idx on customers using gin (search_fold(email) gin_trgm_ops)',
  'create index subscriptions_label_search_idx on subscriptions using gin (search_fold(label) gin_trgm_ops)',
  'create index orders_number_prefix_idx on orders ((number collate "C"))',
  'create index payment_attempts_public_id_prefix_idx on payment_attempts ((public_id collate "C"))',
  `create index payment_attempts_bank_session_prefix_idx on payment_attempts ((bank_session_id collate "C"))
    where bank_session_id is not null`,
  `create index payment_attempts_card_last4_idx on payment_attempts (card_last4, created_at desc, id desc)
    where card_last4 is not null`,
]);
