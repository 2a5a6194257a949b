import { sqlMigration } from '../../../db/migrator.ts';

/**
 * The sandbox SdI's whole schema: the files it received (each under the identificativo SdI it gave), the invoices it
 * accepted (so that the same invoice sent again under another name is refused, 00404), and the notifications it
 * issued, each visible from its `visible_at` on, as the real SdI answers minutes after receiving.
 */
export const sdiFoundation = sqlMigration([
  // A file name is received once: a second file under it is refused (00002) by this constraint, whatever races.
  `create table received_files (
    sdi_id bigint generated always as identity (start with 100000001) primary key,
    file_name text not null unique,
    xml text not null,
    hash text not null check (hash ~ '^[0-9a-f]{64}$'),
    received_at timestamptz not null,
    recipient_code text
  )`,
  // Supplier, document type, year and number (sdi-rules' invoiceKey): one accepted file per invoice.
  `create table accepted_invoices (
    invoice_key text primary key,
    sdi_id bigint not null references received_files (sdi_id)
  )`,
  // One outcome per file (the sandbox always reaches the recipient, so never more than one).
  `create table notifications (
    message_id bigint generated always as identity (start with 500000001) primary key,
    sdi_id bigint not null unique references received_files (sdi_id),
    kind text not null check (kind in ('RC', 'NS')),
    visible_at timestamptz not null,
    errors jsonb not null default '[]',
    check ((kind = 'NS') = (jsonb_array_length(errors) > 0))
  )`,
]);
