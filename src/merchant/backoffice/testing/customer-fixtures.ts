import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EmailStatus, MerchantDatabase } from '../../../db/schema.ts';
import type { EmailMessages } from '../../email/email-messages.ts';
import { enqueueEmail, markEmailFailed, markEmailSent } from '../../email/outbox-repository.ts';
import { insertWebSession } from '../../web/session-repository.ts';

/**
 * Test support for the customer and email pages: a customer's cards, automatic renewal, emails and sessions, written
 * through the repositories the product writes them with (the outbox's enqueue and its status changes).
 */
type Db = Kysely<MerchantDatabase>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A saved card of the customer (the bank's token is made up: these pages never call the bank). */
export async function giveCard(
  db: Db,
  customerId: number,
  card: { last4: string; brand?: string; isDefault?: boolean; removedAt?: Date },
): Promise<number> {
  const row = await db
    .insertInto('saved_cards')
    .values({
      customer_id: customerId,
      bank_token: `tok_test_${hex(8)}`,
      brand: card.brand ?? 'visa',
      last4: card.last4,
      exp_month: 12,
      exp_year: 2030,
      holder: 'Titolare di prova',
      is_default: card.isDefault ?? false,
      removed_at: card.removedAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The customer's service of `productCode` renewing automatically on `cardId`; returns the service's id. */
export async function renewAutomatically(db: Db, customerId: number, productCode: string, cardId: number) {
  const row = await db
    .updateTable('subscriptions')
    .set({ auto_renew: true, auto_renew_card_id: cardId })
    .where('customer_id', '=', customerId)
    .where('product_code', '=', productCode)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** An "automatic renewal switched off" email to the customer, in `status`; `label` names the service in its text. */
export async function giveEmail(
  db: Db,
  spec: { customerId: number; to: string; status: EmailStatus; at: Date; label?: string; error?: string },
): Promise<number> {
  const dedupeKey = `customer-page-test:${hex(6)}`;
  const data: EmailMessages['auto_renew_deactivated'] = {
    subscriptionId: 1,
    productCode: 'pec',
    label: spec.label ?? 'casella@pec.example.it',
    expiresOn: '2027-01-31',
    reason: 'customer',
  };
  await enqueueEmail(db, {
    dedupeKey,
    customerId: spec.customerId,
    to: spec.to,
    locale: 'it',
    template: 'auto_renew_deactivated',
    data,
    at: spec.at,
  });
  const { id } = await db
    .selectFrom('email_outbox')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirstOrThrow();
  if (spec.status === 'sent') await markEmailSent(db, Number(id), spec.at);
  if (spec.status === 'failed') await markEmailFailed(db, Number(id), spec.error ?? '550 5.1.1 mailbox unavailable');
  return Number(id);
}

/** An open session of the customer in Area Clienti or Pagamenti. */
export async function giveSession(db: Db, customerId: number, app: 'area' | 'pay', now: Date): Promise<string> {
  const idHash = `customer-page-test-${hex(8)}`;
  await insertWebSession(db, { idHash, app, customerId, csrfToken: 'x', locale: 'it', now });
  return idHash;
}
