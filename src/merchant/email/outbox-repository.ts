import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import type { EmailMessages, EmailTemplate } from './email-messages.ts';

export interface EnqueueEmail<T extends EmailTemplate> {
  /** Names the event, e.g. `payment_confirmation:order:42`: the same key is enqueued once, whoever tries again. */
  dedupeKey: string;
  customerId: number | null;
  to: string;
  locale: Locale;
  template: T;
  data: EmailMessages[T];
}

/**
 * Writes an email to the outbox, inside the caller's transaction (so it exists if and only if the business change
 * commits). A second call with the same dedupe key is a no-op; returns whether a row was written.
 */
export async function enqueueEmail<T extends EmailTemplate>(
  trx: Transaction<MerchantDatabase> | Kysely<MerchantDatabase>,
  email: EnqueueEmail<T>,
  messageIdDomain = 'cassa.local',
): Promise<boolean> {
  const inserted = await trx
    .insertInto('email_outbox')
    .values({
      dedupe_key: email.dedupeKey,
      message_id: `<${randomUUID()}@${messageIdDomain}>`,
      customer_id: email.customerId,
      to_address: email.to,
      locale: email.locale,
      template: email.template,
      data: JSON.stringify(email.data),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A claimed outbox row, as the delivery worker sees it. `attempts` is this claim's number (its fencing token). */
export interface OutboxEmail {
  id: number;
  messageId: string;
  to: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

type Db = Kysely<MerchantDatabase>;

/**
 * Claims up to `limit` due emails in one statement: pending ones whose time has come, and 'sending' ones whose lease
 * ran out (their worker died mid-send). The claim sets 'sending', bumps `attempts` and pushes `next_attempt_at` to the
 * lease's end. FOR UPDATE SKIP LOCKED lets several workers on PostgreSQL share the outbox without taking the same row;
 * PGlite runs the same SQL with one session.
 */
export async function claimDueEmails(db: Db, now: Date, leaseMs: number, limit: number): Promise<OutboxEmail[]> {
  const rows = await db
    .updateTable('email_outbox')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      next_attempt_at: new Date(now.getTime() + leaseMs),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('status', 'in', ['pending', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    messageId: row.message_id,
    to: row.to_address,
    locale: row.locale,
    template: row.template,
    data: row.data,
    attempts: row.attempts,
    createdAt: row.created_at,
  }));
}

/**
 * The compare-and-set every outcome goes through: only the claim that still holds the row (status 'sending', same
 * attempt number) may record its result, so a worker whose lease lapsed cannot overwrite a newer claim's outcome.
 */
function ownClaim(db: Db, email: Pick<OutboxEmail, 'id' | 'attempts'>) {
  return db
    .updateTable('email_outbox')
    .where('id', '=', email.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', email.attempts);
}

export async function markEmailSent(db: Db, email: OutboxEmail, at: Date): Promise<boolean> {
  const result = await ownClaim(db, email).set({ status: 'sent', sent_at: at, last_error: null }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function scheduleEmailRetry(
  db: Db,
  email: OutboxEmail,
  nextAttemptAt: Date,
  error: string,
): Promise<boolean> {
  const result = await ownClaim(db, email)
    .set({ status: 'pending', next_attempt_at: nextAttemptAt, last_error: error })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markEmailFailed(db: Db, email: OutboxEmail, error: string): Promise<boolean> {
  const result = await ownClaim(db, email).set({ status: 'failed', last_error: error }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface FailedEmail {
  id: number;
  to: string;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** Emails that will not be sent without an operator (`npm run cassa -- mail failed`), newest first. */
export async function listFailedEmails(db: Db, limit = 100): Promise<FailedEmail[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['id', 'to_address', 'template', 'attempts', 'last_error', 'created_at'])
    .where('status', '=', 'failed')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    to: row.to_address,
    template: row.template,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
  }));
}

/** Puts a failed email back in the queue (after the operator fixed the address or the server); same Message-ID. */
export async function retryFailedEmail(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({ status: 'pending', next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
