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
