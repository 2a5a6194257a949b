import type { Kysely, Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';
import { countOtpFailures } from './otp-failure-repository.ts';

/**
 * The per-card OTP limit: after `otpCardLimit.maxFailures` wrong codes on one card within `windowSeconds`, whatever
 * the payments they were typed for, the bank refuses to challenge that card (no code is sent, none is checked) until
 * the oldest failures leave the window. The per-challenge limit (3 tries) alone would let a guesser go on by opening
 * one payment after another. Under concurrent answers the count may overshoot by a code or two; never undershoot
 * for long, since every later wrong code counts again.
 */
export async function isCardLocked(
  db: Kysely<BankDatabase> | Transaction<BankDatabase>,
  ctx: BankContext,
  cardFingerprint: string | null,
): Promise<boolean> {
  if (!cardFingerprint) return false;
  const { maxFailures, windowSeconds } = ctx.config.otpCardLimit;
  const since = new Date(ctx.clock.now().getTime() - windowSeconds * 1000);
  return (await countOtpFailures(db, cardFingerprint, since)) >= maxFailures;
}
