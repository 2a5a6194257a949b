import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { saveBillingProfile } from './billing-profile-repository.ts';
import type { CustomerFiscalData } from './invoice-document.ts';
import { enqueueTransmission } from './sdi-jobs.ts';

/**
 * "Salva i dati di fatturazione": the customer's billing profile, and — in the same transaction — the documents
 * issued to them as a consumer for want of it that the SdI has not received yet: their customer block becomes these
 * data (number, date, lines and amounts never change). A fattura elettronica exists once it is transmitted, so this
 * completes it rather than alters it; a document already sent is never touched. Each completed document's
 * transmission to the SdI, held back until now, is enqueued. Returns how many it completed.
 */
export async function saveBillingDetails(
  db: Kysely<MerchantDatabase>,
  input: { customerId: number; data: CustomerFiscalData; at: Date },
): Promise<{ completedDocuments: number }> {
  return db.transaction().execute(async (trx) => {
    await saveBillingProfile(trx, input.customerId, input.data, input.at);
    const format = input.data.kind === 'public_administration' ? 'FPA12' : 'FPR12';
    const completed = await trx
      .updateTable('fiscal_documents')
      .set({
        document: sql`document || jsonb_build_object('customer', ${JSON.stringify(input.data)}::jsonb, 'transmissionFormat', ${format}::text)`,
        needs_billing_data: false,
      })
      .where('customer_id', '=', input.customerId)
      .where('needs_billing_data', '=', true)
      .where('sdi_status', '=', 'pending')
      .returning('id')
      .execute();
    for (const { id } of completed) await enqueueTransmission(trx, { documentId: id, attempt: 1 }, input.at);
    return { completedDocuments: completed.length };
  });
}
