import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { EmailStatus, Locale, MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import type { EmailMessages, EmailTemplate } from './email-messages.ts';

export interface EnqueueEmail<T extends EmailTemplate> {
  /** Names the event, e.g. `payment_confirmation:order:42`: the same key is enqueued once, whoever tries again. */
  dedupeKey: string;
  customerId: number | null;
  to: string;
  locale: Locale;
  template: T;
  data: EmailMessages[T];
  /** When it was written, by the application's clock (delivery gives up a set time after it). */
  at: Date;
}

/** The delivery queue (src/merchant/email/email-delivery.ts runs it). */
export const EMAIL_QUEUE = 'email.send';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/**
 * Writes an email to the outbox with its delivery job, inside the caller's transaction (so it exists if and only if
 * the business change commits). A second call with the same dedupe key is a no-op; returns whether a row was written.
 */
export async function enqueueEmail<T extends EmailTemplate>(
  trx: Db,
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
      created_at: email.at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await enqueueDelivery(trx, Number(inserted.id), 0, email.at);
  return true;
}

/**
 * An email is due at once, whatever clock wrote it: a pass run with `renewals run --now <a future day>` writes its
 * emails "at" that day, and they must still go out now, not when that day comes. Retries are spaced from the worker's
 * own clock.
 */
const AS_SOON_AS_POSSIBLE = new Date(0);

/** The delivery job of an outbox row; `round` counts operator retries (`mail retry`), each a job of its own. */
async function enqueueDelivery(db: Db, emailId: number, round: number, at: Date): Promise<void> {
  await enqueueJob(db, {
    queue: EMAIL_QUEUE,
    payload: { emailId },
    runAt: AS_SOON_AS_POSSIBLE,
    at,
    singletonKey: `${EMAIL_QUEUE}:${emailId}:${round}`,
  });
}

/** An outbox row as the delivery job sees it. */
export interface OutboxEmail {
  id: number;
  messageId: string;
  to: string;
  /** The customer's name, when the email is a customer's: it greets them and names the recipient in To. */
  toName: string | null;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  status: EmailStatus;
  attempts: number;
  createdAt: Date;
  customerId: number | null;
  lastError: string | null;
  sentAt: Date | null;
}

export async function findEmail(db: Db, id: number): Promise<OutboxEmail | undefined> {
  const row = await db
    .selectFrom('email_outbox as e')
    .leftJoin('customers as c', 'c.id', 'e.customer_id')
    .selectAll('e')
    .select(['c.name as customer_name', 'c.email as customer_email'])
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    messageId: row.message_id,
    to: row.to_address,
    // Only when it goes to the customer's own address (an email about them to someone else greets no one by name).
    toName: row.customer_email?.toLowerCase() === row.to_address.toLowerCase() ? (row.customer_name ?? null) : null,
    locale: row.locale,
    template: row.template,
    data: row.data,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    customerId: row.customer_id,
    lastError: row.last_error,
    sentAt: row.sent_at,
  };
}

/** Counts a try (before the SMTP call, so a crash mid-send is counted too). */
export async function countEmailAttempt(db: Db, id: number): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function markEmailSent(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({ status: 'sent', sent_at: at, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordEmailError(db: Db, id: number, error: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ last_error: error })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function markEmailFailed(db: Db, id: number, error: string): Promise<boolean> {
  const result = await db
    .updateTable('email_outbox')
    .set({ status: 'failed', last_error: error })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
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
export async function retryFailedEmail(db: Kysely<MerchantDatabase>, id: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('email_outbox')
      .set({ status: 'pending' })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returning('attempts')
      .executeTakeFirst();
    if (!result) return false;
    // A new round, so a new job (the last round's job has failed or finished).
    const rounds = await trx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('queue', '=', EMAIL_QUEUE)
      .where('singleton_key', 'like', `${EMAIL_QUEUE}:${id}:%`)
      .executeTakeFirstOrThrow();
    await enqueueDelivery(trx, id, Number(rounds.n), now);
    return true;
  });
}

/** Deletes up to `limit` emails sent before `before` (retention); returns how many. */
export async function purgeSentEmails(db: Db, before: Date, limit: number): Promise<number> {
  const deleted = await db
    .deleteFrom('email_outbox')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('status', '=', 'sent')
        .where('sent_at', '<', before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
