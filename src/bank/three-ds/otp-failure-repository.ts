import type { Kysely, Transaction } from 'kysely';
import type { BankDatabase } from '../db/schema.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

export async function recordOtpFailure(
  trx: Transaction<BankDatabase>,
  failure: { cardFingerprint: string; challengeId: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('otp_failures')
    .values({ card_fingerprint: failure.cardFingerprint, challenge_id: failure.challengeId, failed_at: failure.at })
    .execute();
}

/** Wrong codes typed for this card since `since`, across all its challenges. */
export async function countOtpFailures(db: Db, cardFingerprint: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('otp_failures')
    .select((eb) => eb.fn.countAll<number>().as('failures'))
    .where('card_fingerprint', '=', cardFingerprint)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Forgets wrong codes older than `before` (outside every window that could still count them). */
export async function purgeOtpFailures(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('otp_failures').where('failed_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
