import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SdiError } from '../merchant/invoices/sdi-channel.ts';
import { checkSdiFile, type SdiVerdict } from '../merchant/invoices/sdi-rules.ts';
import { businessDate } from '../shared/business-time.ts';
import type { Clock } from '../shared/clock.ts';
import type { SdiDatabase } from './db/schema.ts';
import { type NotifiedFile, notificaScartoXml, ricevutaConsegnaXml } from './sdi-notification-xml.ts';

/** The SdI works on Italian time: the day a file is received (00403) is the day in Rome. */
const SDI_TIME_ZONE = 'Europe/Rome';

export const DEFAULT_SDI_SANDBOX_DELAY_SECONDS = 5;

export interface SandboxSdiDeps {
  db: Kysely<SdiDatabase>;
  clock: Clock;
  /** How long after receiving a file its outcome becomes visible (SDI_SANDBOX_DELAY_SECONDS). */
  delaySeconds: number;
}

export type Receipt =
  | { received: true; sdiId: number; receivedAt: Date }
  | { received: false; error: SdiError; earlier: { sdiId: number; sameFile: boolean } };

export interface SandboxNotification {
  kind: 'RC' | 'NS';
  sdiId: number;
  messageId: number;
  /** The name of the file it is about. */
  fileName: string;
  issuedAt: Date;
  errors: SdiError[];
  xml: string;
}

/**
 * Receives a file as the SdI does: under a new identificativo SdI, checked (schema, then the rules of sdi-rules.ts,
 * then uniqueness against everything received before), its outcome — RC or NS — decided now and visible only after
 * the delay. A name already received is refused at once (00002), saying which file has it and whether it is this
 * very file: a sender that lost the first answer (a crash between sending and recording) learns its identifier.
 *
 * The checks run outside any transaction (schema validation takes up to seconds, and a transaction on the embedded
 * database would hold every other query back meanwhile); the constraints on file name and invoice settle a race
 * with another file received at the same moment.
 */
export async function receiveFile(deps: SandboxSdiDeps, file: { fileName: string; xml: string }): Promise<Receipt> {
  const { db, clock } = deps;
  const receivedAt = clock.now();
  const hash = createHash('sha256').update(file.xml, 'utf8').digest('hex');
  const duplicate = async (trx: Kysely<SdiDatabase>): Promise<Receipt | undefined> => {
    const earlier = await trx
      .selectFrom('received_files')
      .select(['sdi_id', 'hash'])
      .where('file_name', '=', file.fileName)
      .executeTakeFirst();
    if (!earlier) return undefined;
    return {
      received: false,
      error: { code: '00002', message: `nome file duplicato: ${file.fileName}` },
      earlier: { sdiId: earlier.sdi_id, sameFile: earlier.hash === hash },
    };
  };
  const known = await duplicate(db);
  if (known) return known;
  const accepted = await db.selectFrom('accepted_invoices').select('invoice_key').execute();
  const verdict = await checkSdiFile(
    { fileName: file.fileName, xml: file.xml, receivedOn: businessDate(receivedAt, SDI_TIME_ZONE) },
    { fileNames: new Set(), invoiceKeys: new Set(accepted.map((row) => row.invoice_key)) },
  );
  const visibleAt = new Date(receivedAt.getTime() + deps.delaySeconds * 1000);
  return db.transaction().execute(async (trx) => {
    const stored = await trx
      .insertInto('received_files')
      .values({
        file_name: file.fileName,
        xml: file.xml,
        hash,
        received_at: receivedAt,
        recipient_code: recipientCode(file.xml),
      })
      .onConflict((oc) => oc.column('file_name').doNothing())
      .returning('sdi_id')
      .executeTakeFirst();
    if (!stored) {
      const raced = await duplicate(trx);
      if (raced) return raced;
      throw new Error(`${file.fileName}: neither stored nor found`);
    }
    const errors = await claimInvoices(trx, stored.sdi_id, verdict);
    await trx
      .insertInto('notifications')
      .values({
        sdi_id: stored.sdi_id,
        kind: errors.length > 0 ? 'NS' : 'RC',
        visible_at: visibleAt,
        errors: JSON.stringify(errors),
      })
      .execute();
    return { received: true, sdiId: stored.sdi_id, receivedAt };
  });
}

/**
 * Records the invoices of an accepted file; an invoice another file took meanwhile (checked before this one was
 * stored, or racing it) turns the outcome into a scarto 00404, and the file then holds no invoice. Returns the
 * errors of the outcome: none for an RC.
 */
async function claimInvoices(trx: Kysely<SdiDatabase>, sdiId: number, verdict: SdiVerdict): Promise<SdiError[]> {
  if (!verdict.accepted) return verdict.errors;
  if (verdict.invoiceKeys.length === 0) return [];
  const claimed = await trx
    .insertInto('accepted_invoices')
    .values(verdict.invoiceKeys.map((key) => ({ invoice_key: key, sdi_id: sdiId })))
    .onConflict((oc) => oc.column('invoice_key').doNothing())
    .returning('invoice_key')
    .execute();
  const taken = verdict.invoiceKeys.filter((key) => !claimed.some((row) => row.invoice_key === key));
  if (taken.length === 0) return [];
  await trx.deleteFrom('accepted_invoices').where('sdi_id', '=', sdiId).execute();
  return taken.map((key) => ({ code: '00404', message: `fattura duplicata (${key.split('|').slice(1).join(' ')})` }));
}

/** The notifications issued so far for a file, oldest first; none for an identifier the sandbox never gave. */
export async function listNotifications(deps: SandboxSdiDeps, sdiId: number): Promise<SandboxNotification[]> {
  const rows = await deps.db
    .selectFrom('notifications')
    .innerJoin('received_files', 'received_files.sdi_id', 'notifications.sdi_id')
    .select([
      'notifications.message_id',
      'notifications.kind',
      'notifications.visible_at',
      'notifications.errors',
      'received_files.sdi_id',
      'received_files.file_name',
      'received_files.hash',
      'received_files.received_at',
      'received_files.recipient_code',
    ])
    .where('notifications.sdi_id', '=', sdiId)
    .where('notifications.visible_at', '<=', deps.clock.now())
    .orderBy('notifications.message_id')
    .execute();
  return rows.map((row) => {
    const file: NotifiedFile = {
      sdiId: row.sdi_id,
      fileName: row.file_name,
      hash: row.hash,
      receivedAt: row.received_at,
      messageId: row.message_id,
    };
    return {
      kind: row.kind,
      sdiId: row.sdi_id,
      messageId: row.message_id,
      fileName: row.file_name,
      issuedAt: row.visible_at,
      errors: row.errors,
      xml:
        row.kind === 'RC'
          ? ricevutaConsegnaXml(file, { deliveredAt: row.visible_at, recipientCode: row.recipient_code })
          : notificaScartoXml(file, row.errors),
    };
  });
}

/** The file's CodiceDestinatario, if a well-formed one is there (a file refused by the schema may have none). */
function recipientCode(xml: string): string | null {
  return /<CodiceDestinatario>([A-Z0-9]{6,7})<\/CodiceDestinatario>/u.exec(xml)?.[1] ?? null;
}
