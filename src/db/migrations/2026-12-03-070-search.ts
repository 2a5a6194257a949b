import { sqlMigration } from '../migrator.ts';

/**
 * The back office's search box (issue 12, "Find"; src/merchant/backoffice/search/): answers on 100,000 orders in well
 * under 100 ms because every kind of query it runs has an index.
 *
 * - Free text (a name, part of an email, a service's label) is matched as a substring of the folded text, through
 *   pg_trgm's GIN indexes: `search_fold` lowers and strips accents, so "NICOLÒ" finds "Nicolo". The query is
 *   folded by the same function, so the rule lives here alone. It is `immutable` (lower, normalize and
 *   regexp_replace are), which an index expression needs.
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
  // prefer folding every customer's name to the trigram index. Its declared cost keeps the index in front. ASCII text
  // (most of it) is only lowered; other text is decomposed (NFD) and loses its combining marks, which folds every
  // accented Latin letter, upper or lower case, in a C locale too (3 times faster than translate() of a list).
  `create function search_fold(value text) returns text
    language plpgsql immutable strict parallel safe cost 100
    as $$
    begin
      if octet_length(value) = length(value) then
        return lower(value);
      end if;
      return regexp_replace(lower(normalize(value, NFD)), '[\\u0300-\\u036f]', '', 'g');
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
