import type { ColumnType, Generated } from 'kysely';
import type { SdiError } from '../../merchant/invoices/sdi-channel.ts';

/** Column types of the sandbox SdI's database, as both engines return them (see src/db/database.ts). */

type Timestamp = ColumnType<Date, Date | string, never>;

export interface ReceivedFilesTable {
  /** bigint, read as a number (INT8 parser): far below 2^53 for a sandbox. */
  sdi_id: Generated<number>;
  file_name: string;
  xml: string;
  /** SHA-256 of the file, hex, as the notifications quote it. */
  hash: string;
  received_at: Timestamp;
  /** CodiceDestinatario of the file, when it has one: the RC's Destinatario. */
  recipient_code: string | null;
}

export interface AcceptedInvoicesTable {
  invoice_key: string;
  sdi_id: number;
}

export type SandboxNotificationKind = 'RC' | 'NS';

export interface NotificationsTable {
  message_id: Generated<number>;
  sdi_id: number;
  kind: SandboxNotificationKind;
  visible_at: Timestamp;
  errors: ColumnType<SdiError[], string, never>;
}

export interface SdiDatabase {
  received_files: ReceivedFilesTable;
  accepted_invoices: AcceptedInvoicesTable;
  notifications: NotificationsTable;
}
