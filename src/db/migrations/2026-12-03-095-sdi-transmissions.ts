import { sqlMigration } from '../migrator.ts';

/**
 * Transmission of fiscal documents to the SdI (issue 15, docs/invoices.md "Transmission to the SdI"). Each file
 * handed to the SdI is one transmission: its own file name (the SdI refuses a name it has received: a document sent
 * again after a scarto is a new file), written before it is sent and completed with the identificativo SdI after.
 * Each notification the SdI issues about it is stored once, by the document and the notification's MessageId.
 */
export const sdiTransmissions = sqlMigration([
  `create table fiscal_document_transmissions (
    id bigint generated always as identity primary key,
    document_id bigint not null references fiscal_documents (id),
    attempt smallint not null check (attempt >= 1),
    file_name text not null unique check (file_name ~ '^IT[0-9]{11}_[A-Za-z0-9]{5}\\.xml$'),
    sdi_id text,
    outcome text not null default 'queued'
      check (outcome in ('queued', 'sent', 'delivered', 'rejected', 'refused', 'invalid')),
    failure text,
    requested_by text not null,
    created_at timestamptz not null,
    sent_at timestamptz,
    unique (document_id, attempt),
    check ((sdi_id is null) = (outcome in ('queued', 'refused', 'invalid')))
  )`,
  `create table fiscal_document_notifications (
    id bigint generated always as identity primary key,
    document_id bigint not null references fiscal_documents (id),
    fiscal_transmission_id bigint not null references fiscal_document_transmissions (id),
    message_id text not null,
    kind text not null check (kind in ('RC', 'NS', 'MC')),
    file_name text not null,
    errors jsonb not null default '[]',
    issued_at timestamptz not null,
    xml text not null,
    received_at timestamptz not null,
    unique (document_id, message_id)
  )`,
  // The file names of files sent again (fatturaPaResendFileName): a sequence, since a name needs only be unique — a
  // gap loses nothing, unlike a document's number.
  'create sequence fiscal_resend_file_seq minvalue 1 maxvalue 16132832 no cycle',
  'create index fiscal_document_notifications_transmission_idx on fiscal_document_notifications (fiscal_transmission_id)',
]);
