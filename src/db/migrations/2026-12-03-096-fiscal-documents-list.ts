import { sqlMigration } from '../migrator.ts';

/**
 * The back office's "Fatture" reads every document newest first by issue date in keyset pages (an accountant's
 * period is of issue dates): without this index each page would sort the whole table. The SdI-state twin serves the
 * filter an operator uses to find the discarded ones, rare among thousands delivered.
 */
export const fiscalDocumentsList = sqlMigration([
  'create index fiscal_documents_issued_idx on fiscal_documents (issue_date desc, id desc)',
  'create index fiscal_documents_sdi_issued_idx on fiscal_documents (sdi_status, issue_date desc, id desc)',
]);
