import type { Kysely, Transaction } from 'kysely';
import type { FiscalDocumentTransmission, MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { DONE, type JobOutcome, type WorkerLogger } from '../../jobs/worker.ts';
import type { Clock } from '../../shared/clock.ts';
import { validateFatturaPa } from './fatturapa-validate.ts';
import { buildFatturaPaXml, fatturaPaFileName } from './fatturapa-xml.ts';
import { documentOf } from './fiscal-document-repository.ts';
import type { SdiChannel, SdiNotification } from './sdi-channel.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/**
 * Transmission to the SdI from the job queue (docs/invoices.md "Transmission to the SdI"):
 * - `sdi.transmit` (one per transmission: `sdi.transmit:<document>:<attempt>`), enqueued in the transaction that
 *   issues the document, or completes its billing data, or asks to send it again: builds the XML, validates it
 *   against the XSD and hands it to the channel — all outside any transaction, since validation takes up to seconds
 *   and the channel may too — then records the identificativo SdI and moves the document pending → sent;
 * - `sdi.poll` (one per transmission): asks the channel for the file's notifications, stores each once and moves the
 *   document sent → delivered (RC, MC) or rejected (NS); none yet → asked again later, less and less often.
 * Every move is a compare-and-set on the state read, so a job run twice (a lapsed lease) records nothing twice.
 */
export const SDI_QUEUES = { transmit: 'sdi.transmit', poll: 'sdi.poll' } as const;

export interface SdiJobDeps {
  db: Kysely<MerchantDatabase>;
  channel: SdiChannel;
  clock: Clock;
  logger: Pick<WorkerLogger, 'info' | 'warn' | 'error'>;
}

export interface TransmitJob {
  documentId: number;
  attempt: number;
}

export interface PollJob {
  transmissionId: number;
}

/** The first look for the SdI's answer after sending, and the longest wait between two looks. */
export const FIRST_POLL_MS = 30_000;
export const MAX_POLL_INTERVAL_MS = 6 * 3_600_000;

/** The job that sends a document's `attempt`-th file; written in the caller's transaction. */
export async function enqueueTransmission(db: Db, job: TransmitJob, at: Date): Promise<void> {
  await enqueueJob(db, {
    queue: SDI_QUEUES.transmit,
    payload: { documentId: job.documentId, attempt: job.attempt },
    runAt: at,
    singletonKey: `${SDI_QUEUES.transmit}:${job.documentId}:${job.attempt}`,
  });
}

export async function transmitDocument(deps: SdiJobDeps, job: TransmitJob): Promise<JobOutcome> {
  const { db } = deps;
  const row = await db.selectFrom('fiscal_documents').selectAll().where('id', '=', job.documentId).executeTakeFirst();
  // Held back while it waits for the customer's data: completing them enqueues the transmission again.
  if (row?.sdi_status !== 'pending' || row.needs_billing_data) return DONE;
  const document = documentOf(row);
  const transmission = await transmissionToSend(db, job, fatturaPaFileName(document), deps.clock.now());
  if (transmission?.outcome !== 'queued') return DONE;
  const xml = buildFatturaPaXml(document);
  const validation = await validateFatturaPa(xml);
  if (!validation.valid) {
    // Cassa built a file the schema refuses: a defect to fix, not a reason to send it.
    deps.logger.error({ document: row.number, errors: validation.errors }, 'a FatturaPA file fails the schema');
    await closeTransmission(db, transmission.id, 'invalid', validation.errors.join('\n'));
    return DONE;
  }
  const answer = await deps.channel.transmit({ fileName: transmission.file_name, xml });
  if (answer.ok) return recordSent(deps, transmission, answer.sdiId, answer.receivedAt);
  if (answer.retryable) return { kind: 'retry', reason: `SdI channel: ${answer.reason}` };
  if (answer.code === '00002' && answer.earlier?.sameFile) {
    // This very file was received before: an earlier run sent it and stopped before recording the answer.
    deps.logger.warn({ document: row.number, sdiId: answer.earlier.sdiId }, 'SdI file already received: resumed');
    return recordSent(deps, transmission, answer.earlier.sdiId, deps.clock.now());
  }
  deps.logger.warn({ document: row.number, code: answer.code, reason: answer.reason }, 'SdI file refused');
  await closeTransmission(db, transmission.id, 'refused', [answer.code, answer.reason].filter(Boolean).join(' '));
  return DONE;
}

/** The transmission the job sends: the first one is written here (issuing writes only the job), later ones exist. */
async function transmissionToSend(
  db: Kysely<MerchantDatabase>,
  job: TransmitJob,
  firstFileName: string,
  at: Date,
): Promise<FiscalDocumentTransmission | undefined> {
  if (job.attempt === 1) {
    await db
      .insertInto('fiscal_document_transmissions')
      .values({
        document_id: job.documentId,
        attempt: 1,
        file_name: firstFileName,
        requested_by: 'issue',
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['document_id', 'attempt']).doNothing())
      .execute();
  }
  return db
    .selectFrom('fiscal_document_transmissions')
    .selectAll()
    .where('document_id', '=', job.documentId)
    .where('attempt', '=', job.attempt)
    .executeTakeFirst();
}

async function closeTransmission(db: Db, id: number, outcome: 'invalid' | 'refused', failure: string) {
  await db
    .updateTable('fiscal_document_transmissions')
    .set({ outcome, failure: failure.slice(0, 4000) })
    .where('id', '=', id)
    .where('outcome', '=', 'queued')
    .execute();
}

async function recordSent(
  deps: SdiJobDeps,
  transmission: FiscalDocumentTransmission,
  sdiId: string,
  sentAt: Date,
): Promise<JobOutcome> {
  await deps.db.transaction().execute(async (trx) => {
    const sent = await trx
      .updateTable('fiscal_document_transmissions')
      .set({ outcome: 'sent', sdi_id: sdiId, sent_at: sentAt })
      .where('id', '=', transmission.id)
      .where('outcome', '=', 'queued')
      .executeTakeFirst();
    if (sent.numUpdatedRows === 0n) return;
    await trx
      .updateTable('fiscal_documents')
      .set({ sdi_status: 'sent' })
      .where('id', '=', transmission.document_id)
      .where('sdi_status', '=', 'pending')
      .execute();
    const now = deps.clock.now();
    await enqueueJob(trx, {
      queue: SDI_QUEUES.poll,
      payload: { transmissionId: transmission.id },
      runAt: new Date(now.getTime() + FIRST_POLL_MS),
      singletonKey: `${SDI_QUEUES.poll}:${transmission.id}`,
      at: now,
    });
  });
  return DONE;
}

export async function pollTransmission(deps: SdiJobDeps, job: PollJob): Promise<JobOutcome> {
  const transmission = await deps.db
    .selectFrom('fiscal_document_transmissions')
    .selectAll()
    .where('id', '=', job.transmissionId)
    .executeTakeFirst();
  if (!transmission?.sdi_id || transmission.outcome !== 'sent') return DONE;
  const notifications = await deps.channel.notifications(transmission.sdi_id);
  const outcome = outcomeOf(notifications);
  if (notifications.length > 0) await recordNotifications(deps, transmission, notifications, outcome);
  if (outcome) return DONE;
  const now = deps.clock.now();
  // Waiting as long again as the file has waited so far: 30 s, 1 min, 2 min … at most every 6 hours.
  const waited = now.getTime() - (transmission.sent_at ?? now).getTime();
  const delay = Math.min(MAX_POLL_INTERVAL_MS, Math.max(FIRST_POLL_MS, waited));
  return { kind: 'deferred', until: new Date(now.getTime() + delay), reason: 'no outcome from the SdI yet' };
}

/** An RC or MC delivers the file (an MC leaves it in the customer's reserved area); an NS discards it. */
function outcomeOf(notifications: readonly SdiNotification[]): 'delivered' | 'rejected' | undefined {
  if (notifications.some((n) => n.kind === 'RC' || n.kind === 'MC')) return 'delivered';
  if (notifications.some((n) => n.kind === 'NS')) return 'rejected';
  return undefined;
}

async function recordNotifications(
  deps: SdiJobDeps,
  transmission: FiscalDocumentTransmission,
  notifications: readonly SdiNotification[],
  outcome: 'delivered' | 'rejected' | undefined,
): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('fiscal_document_notifications')
      .values(
        notifications.map((n) => ({
          document_id: transmission.document_id,
          fiscal_transmission_id: transmission.id,
          message_id: n.messageId,
          kind: n.kind,
          file_name: n.fileName,
          errors: JSON.stringify(n.kind === 'NS' ? n.errors : []),
          issued_at: n.issuedAt,
          xml: n.xml,
          received_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['document_id', 'message_id']).doNothing())
      .execute();
    if (!outcome) return;
    const moved = await trx
      .updateTable('fiscal_document_transmissions')
      .set({ outcome })
      .where('id', '=', transmission.id)
      .where('outcome', '=', 'sent')
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) return;
    await trx
      .updateTable('fiscal_documents')
      .set({ sdi_status: outcome })
      .where('id', '=', transmission.document_id)
      .where('sdi_status', '=', 'sent')
      .execute();
  });
  if (outcome === 'rejected') {
    const codes = notifications.flatMap((n) => (n.kind === 'NS' ? n.errors.map((e) => e.code) : []));
    deps.logger.warn({ document: transmission.document_id, codes }, 'SdI notifica di scarto');
  }
}
