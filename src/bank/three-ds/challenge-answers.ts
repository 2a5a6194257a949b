import type { Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import { findCard } from '../cards/card-repository.ts';
import { revealCardNumber } from '../cards/vault-cards.ts';
import type { BankDatabase, ChallengeRow, PaymentSessionRow } from '../db/schema.ts';
import { lockSession } from '../sessions/payment-session-repository.ts';
import { isCardLocked } from './card-otp-limit.ts';
import { decideChallenge, lockPendingChallenge, recordWrongCode, replaceCode } from './challenge-repository.ts';
import { generateOtp, hashOtp, otpBindingOf, otpMatches } from './otp.ts';
import { recordOtpFailure } from './otp-failure-repository.ts';
import { authorizeAuthenticated, failAuthentication, sendOtpSms } from './three-ds.ts';

/** What happened to a typed code; the page shows each case differently. */
export type OtpResult =
  | { kind: 'accepted' }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'too_many_attempts' }
  /** Too many wrong codes on this card across payments: the challenge fails whatever was typed. */
  | { kind: 'card_locked' }
  | { kind: 'expired' }
  | { kind: 'no_challenge' };

export type ResendResult = { kind: 'sent'; resendsLeft: number } | { kind: 'limit_reached' } | { kind: 'no_challenge' };

export type ApprovalResult = { kind: 'approved' } | { kind: 'denied' } | { kind: 'expired' } | { kind: 'no_challenge' };

/**
 * Locks the session and its pending challenge together (session first, the order every writer uses), and ends both
 * if the challenge has expired. `undefined` challenge means there is nothing left to answer.
 */
async function openChallenge(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  where: { paymentSessionId: string } | { challengeId: string },
): Promise<{ session: PaymentSessionRow; challenge: ChallengeRow } | 'expired' | undefined> {
  let sessionId: string;
  if ('paymentSessionId' in where) sessionId = where.paymentSessionId;
  else {
    const row = await trx
      .selectFrom('challenges')
      .select('payment_session_id')
      .where('id', '=', where.challengeId)
      .executeTakeFirst();
    if (!row) return undefined;
    sessionId = row.payment_session_id;
  }
  const session = await lockSession(trx, sessionId);
  if (session?.status !== 'authenticating') return undefined;
  const challenge = await lockPendingChallenge(trx, 'challengeId' in where ? where : { paymentSessionId: sessionId });
  if (!challenge) return undefined;
  if (challenge.expires_at.getTime() <= ctx.clock.now().getTime()) {
    await decideChallenge(trx, challenge.id, 'expired', ctx.clock.now());
    await failAuthentication(trx, ctx, session, 'authentication_expired');
    return 'expired';
  }
  return { session, challenge };
}

async function authenticated(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
): Promise<void> {
  const card = session.card_token ? await findCard(trx, session.card_token) : undefined;
  const number = card ? revealCardNumber(ctx.vault, card) : undefined;
  if (!card || !number) throw new Error(`the card of payment session ${session.id} is not in the vault`);
  await authorizeAuthenticated(trx, ctx, session, card, number);
}

/**
 * Checks a typed SMS code: right → authorization; wrong → one try fewer; the last wrong try fails the session. Every
 * wrong code also counts against the card: once the card reaches its limit, this challenge fails too, and a card
 * already over it is not checked at all (a guess that happens to be right must not slip through).
 */
export async function verifyOtp(ctx: BankContext, paymentSessionId: string, typed: string): Promise<OtpResult> {
  return ctx.db.transaction().execute(async (trx): Promise<OtpResult> => {
    const open = await openChallenge(trx, ctx, { paymentSessionId });
    if (open === 'expired') return { kind: 'expired' };
    if (open?.challenge.method !== 'sms' || !open.challenge.code_hash) return { kind: 'no_challenge' };
    const { session, challenge } = open;
    const now = ctx.clock.now();
    if (await isCardLocked(trx, ctx, challenge.card_fingerprint)) return lockOut(trx, ctx, session, challenge);
    const binding = otpBindingOf(challenge.id, session);
    if (otpMatches(ctx.vault, typed, challenge.code_hash!, binding)) {
      // Approved is final for the challenge: the same code typed again finds nothing pending (single use).
      await decideChallenge(trx, challenge.id, 'approved', now);
      await authenticated(trx, ctx, session);
      return { kind: 'accepted' };
    }
    const failures = await recordWrongCode(trx, challenge.id);
    if (challenge.card_fingerprint) {
      await recordOtpFailure(trx, { cardFingerprint: challenge.card_fingerprint, challengeId: challenge.id, at: now });
      if (await isCardLocked(trx, ctx, challenge.card_fingerprint)) return lockOut(trx, ctx, session, challenge);
    }
    if (failures >= ctx.config.otpMaxAttempts) {
      await decideChallenge(trx, challenge.id, 'failed', now);
      await failAuthentication(trx, ctx, session, 'authentication_failed');
      return { kind: 'too_many_attempts' };
    }
    ctx.logger.info({ paymentSessionId, failures }, 'wrong OTP');
    return { kind: 'wrong', attemptsLeft: ctx.config.otpMaxAttempts - failures };
  });
}

async function lockOut(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  challenge: ChallengeRow,
): Promise<OtpResult> {
  ctx.logger.warn({ paymentSessionId: session.id }, 'too many wrong codes on this card: authentication refused');
  await decideChallenge(trx, challenge.id, 'failed', ctx.clock.now());
  await failAuthentication(trx, ctx, session, 'card_locked');
  return { kind: 'card_locked' };
}

/**
 * "Invia di nuovo": a new code replaces the old one (which stops working) with a fresh validity. Wrong tries are not
 * reset, or resending would multiply the guesses allowed.
 */
export async function resendOtp(ctx: BankContext, paymentSessionId: string): Promise<ResendResult> {
  return ctx.db.transaction().execute(async (trx): Promise<ResendResult> => {
    const open = await openChallenge(trx, ctx, { paymentSessionId });
    if (!open || open === 'expired' || open.challenge.method !== 'sms') return { kind: 'no_challenge' };
    const { session, challenge } = open;
    if (await isCardLocked(trx, ctx, challenge.card_fingerprint)) {
      await lockOut(trx, ctx, session, challenge);
      return { kind: 'no_challenge' };
    }
    if (challenge.resends >= ctx.config.otpMaxResends) return { kind: 'limit_reached' };
    const card = session.card_token ? await findCard(trx, session.card_token) : undefined;
    if (!card) return { kind: 'no_challenge' };
    const code = generateOtp();
    await replaceCode(trx, challenge.id, {
      codeHash: hashOtp(ctx.vault, code, otpBindingOf(challenge.id, session)),
      expiresAt: new Date(ctx.clock.now().getTime() + ctx.config.challengeTtlSeconds * 1000),
    });
    await sendOtpSms(trx, ctx, session, card, code);
    return { kind: 'sent', resendsLeft: ctx.config.otpMaxResends - challenge.resends - 1 };
  });
}

/** The cardholder's answer in the bank app ("Autorizza" / "Rifiuta"). */
export async function decideApproval(
  ctx: BankContext,
  challengeId: string,
  decision: 'approve' | 'deny',
): Promise<ApprovalResult> {
  return ctx.db.transaction().execute(async (trx): Promise<ApprovalResult> => {
    const open = await openChallenge(trx, ctx, { challengeId });
    if (open === 'expired') return { kind: 'expired' };
    if (open?.challenge.method !== 'app') return { kind: 'no_challenge' };
    if (decision === 'approve') {
      await decideChallenge(trx, open.challenge.id, 'approved', ctx.clock.now());
      await authenticated(trx, ctx, open.session);
      return { kind: 'approved' };
    }
    await decideChallenge(trx, open.challenge.id, 'denied', ctx.clock.now());
    await failAuthentication(trx, ctx, open.session, 'authentication_failed');
    return { kind: 'denied' };
  });
}

/** Ends the challenge of one session if its time is up (the waiting page calls this on every refresh). */
export async function expireChallengeIfDue(ctx: BankContext, paymentSessionId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await openChallenge(trx, ctx, { paymentSessionId });
  });
}
