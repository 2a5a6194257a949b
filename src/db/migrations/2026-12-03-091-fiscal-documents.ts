import { sqlMigration } from '../migrator.ts';

/**
 * Fatture (TD01) and note di credito (TD04) (issue 15, docs/invoices.md). Each document is written once, in the
 * transaction of the payment or refund it is for, with the `FiscalDocument` every rendering reads (`document`).
 *
 * Numbering is gapless per series and year: the next number is taken from the counter row of `fiscal_counters`
 * (insert-on-conflict-update, which locks that row until the transaction ends), never from a sequence, so a
 * transaction that rolls back gives its number back and the next one takes it. The constraints are the backstop:
 * one number per series and year, one invoice per order, one credit note per refund, a transmission id
 * (FatturaPA ProgressivoInvio, ≤ 10 letters or digits) used once.
 */
export const fiscalDocuments = sqlMigration([
  `create table fiscal_counters (
    series text not null check (series ~ '^[A-Z]{1,2}$'),
    year smallint not null check (year between 2000 and 2999),
    last_number integer not null check (last_number > 0),
    primary key (series, year)
  )`,
  `create table fiscal_documents (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('invoice', 'credit_note')),
    series text not null,
    year smallint not null,
    sequence integer not null check (sequence between 1 and 999999),
    number text not null unique,
    issue_date date not null,
    order_id bigint not null references orders (id),
    refund_id bigint references refunds (id),
    customer_id bigint not null references customers (id),
    total_cents integer not null check (total_cents >= 0),
    document jsonb not null,
    transmission_id text not null unique check (transmission_id ~ '^[A-Za-z0-9]{1,10}$'),
    sdi_status text not null default 'pending' check (sdi_status in ('pending', 'sent', 'delivered', 'rejected')),
    needs_billing_data boolean not null default false,
    created_at timestamptz not null,
    unique (series, year, sequence),
    check ((kind = 'credit_note') = (refund_id is not null)),
    check (extract(year from issue_date) = year)
  )`,
  "create unique index fiscal_documents_one_invoice_idx on fiscal_documents (order_id) where kind = 'invoice'",
  'create unique index fiscal_documents_one_credit_note_idx on fiscal_documents (refund_id) where refund_id is not null',
  'create index fiscal_documents_customer_idx on fiscal_documents (customer_id, issue_date desc, id desc)',
]);
