import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase, SdiStatus, TransmissionOutcome } from '../../db/schema.ts';
import { findBillingProfile } from './billing-profile-repository.ts';
import { fatturaPaResendFileName } from './fatturapa-xml.ts';
import { documentOf } from './fiscal-document-repository.ts';
import { enqueueTransmission } from './sdi-jobs.ts';

/**
 * Whether a document may go to the SdI again as a new file: discarded by the SdI (`rejected`), or still pending after
 * its last file was refused by the channel or failed the schema (sending that file again as it is cannot succeed). A
 * document never sent has nothing to send again; one sent or delivered must not be sent twice.
 */
export function mayRetransmit(sdiStatus: SdiStatus, lastOutcome: TransmissionOutcome | undefined): boolean {
  if (lastOutcome === undefined) return false;
  return (
    sdiStatus === 'rejected' || (sdiStatus === 'pending' && (lastOutcome === 'refused' || lastOutcome === 'invalid'))
  );
}

export type RetransmitResult =
  | { ok: true; attempt: number; fileName: string }
  | { ok: false; reason: 'not_found' | 'not_rejected' | 'needs_billing_data' };

/**
 * "Invia di nuovo al SdI", for the back office once the cause of a scarto is fixed (usually the customer's data): a
 * document discarded by the SdI (`rejected`), or one whose file the channel refused or the schema failed, is sent as
 * a new file. It keeps its number, date, lines and amounts — a discarded file does not exist for the tax authority, so
 * the corrected one is the same invoice — and takes the customer's billing data as they now are; the new file has a
 * name of its own (fatturaPaResendFileName: the SdI refuses a name it has received). In one transaction: the document
 * back to `pending`, the new transmission written, its `sdi.transmit` job enqueued. `by` names who asked (the
 * operator), kept on the transmission.
 */
export async function retransmitDocument(
  db: Kysely<MerchantDatabase>,
  documentId: number,
  by: string,
  at: Date,
): Promise<RetransmitResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('fiscal_documents')
      .selectAll()
      .where('id', '=', documentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'not_found' };
    const last = await trx
      .selectFrom('fiscal_document_transmissions')
      .select(['attempt', 'outcome'])
      .where('document_id', '=', documentId)
      .orderBy('attempt', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last || !mayRetransmit(row.sdi_status, last.outcome)) return { ok: false, reason: 'not_rejected' };
    const profile = await findBillingProfile(trx, row.customer_id);
    if (!profile && row.needs_billing_data) return { ok: false, reason: 'needs_billing_data' };
    const customerBlock = profile
      ? sql<string>`document || jsonb_build_object('customer', ${JSON.stringify(profile)}::jsonb, 'transmissionFormat', ${
          profile.kind === 'public_administration' ? 'FPA12' : 'FPR12'
        }::text)`
      : sql<string>`document`;
    await trx
      .updateTable('fiscal_documents')
      .set({ sdi_status: 'pending', needs_billing_data: false, document: customerBlock })
      .where('id', '=', documentId)
      .execute();
    const resend = await sql<{ n: string }>`select nextval('fiscal_resend_file_seq') as n`.execute(trx);
    const fileName = fatturaPaResendFileName(documentOf(row).provider, Number(resend.rows[0]?.n));
    const attempt = last.attempt + 1;
    await trx
      .insertInto('fiscal_document_transmissions')
      .values({ document_id: documentId, attempt, file_name: fileName, requested_by: by, created_at: at })
      .execute();
    await enqueueTransmission(trx, { documentId, attempt }, at);
    return { ok: true, attempt, fileName };
  });
}
