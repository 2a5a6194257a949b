import type { Kysely, Transaction } from 'kysely';
import type { BankDatabase } from '../db/schema.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

export interface SmsMessage {
  paymentSessionId: string;
  recipient: string;
  maskedCard: string;
  body: string;
  createdAt: Date;
}

/** "Sends" an SMS: in the sandbox the phone network is a table the /sms page reads. */
export async function sendSms(db: Db, sms: SmsMessage): Promise<void> {
  await db
    .insertInto('sms_messages')
    .values({
      payment_session_id: sms.paymentSessionId,
      recipient: sms.recipient,
      masked_card: sms.maskedCard,
      body: sms.body,
      created_at: sms.createdAt,
    })
    .execute();
}

export async function listSms(db: Db, limit = 50): Promise<SmsMessage[]> {
  return db
    .selectFrom('sms_messages')
    .select([
      'payment_session_id as paymentSessionId',
      'recipient',
      'masked_card as maskedCard',
      'body',
      'created_at as createdAt',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
