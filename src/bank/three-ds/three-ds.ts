import type { Transaction } from 'kysely';
import { formatMoney } from '../../shared/money.ts';
import type { BankContext } from '../bank-deps.ts';
import type { CardNumber } from '../cards/card-number.ts';
import { maskLast4 } from '../cards/card-number.ts';
import { findCard } from '../cards/card-repository.ts';
import { isExpired } from '../cards/card-validation.ts';
import { behaviourOf } from '../cards/test-cards.ts';
import { cardFingerprint, revealCardNumber } from '../cards/vault-cards.ts';
import type { BankDatabase, CardBrand, CardRow, PaymentSessionRow, TransStatus } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { finishSession } from '../sessions/finish-session.ts';
import { transitionSession } from '../sessions/payment-session-repository.ts';
import { isCardLocked } from './card-otp-limit.ts';
import { insertChallenge } from './challenge-repository.ts';
import { generateOtp, hashOtp, otpBindingOf } from './otp.ts';
import { sendSms } from './sms-repository.ts';

/**
 * The issuer's 3-D Secure service and its authorization, as one sandbox: the test card decides between a frictionless
 * authentication, an SMS code and an app approval, and then whether the issuer approves.
 */

/** Electronic Commerce Indicator the scheme reports for a 3-D Secure result. */
export function eciFor(brand: CardBrand, transStatus: TransStatus): string {
  const mastercardLike = brand === 'mastercard' || brand === 'maestro';
  if (transStatus === 'Y') return mastercardLike ? '02' : '05';
  if (transStatus === 'A') return mastercardLike ? '01' : '06';
  return mastercardLike ? '00' : '07';
}

/**
 * "Invio dati" (or the first visit of a saved-card session): moves the session to `authenticating` and starts the
 * authentication the card calls for. Safe to run twice: only the first caller moves the session. A card locked by
 * too many wrong codes (see card-otp-limit.ts) is not challenged: the authentication fails at once. Returns the session
 * as this call left it, or undefined when another caller had moved it first.
 */
export async function startAuthentication(
  ctx: BankContext,
  session: PaymentSessionRow,
  /** The session's card when the caller read it with the session (the hosted page does), so it is not read twice. */
  known?: CardRow | undefined,
): Promise<PaymentSessionRow | undefined> {
  if (!session.card_token) throw new Error(`payment session ${session.id} has no card to authenticate`);
  const card = known?.token === session.card_token ? known : await findCard(ctx.db, session.card_token);
  const number = card ? revealCardNumber(ctx.vault, card) : undefined;
  if (!card || !number) throw new Error(`the card of payment session ${session.id} is not in the vault`);
  const behaviour = behaviourOf(number);
  const fingerprint = cardFingerprint(ctx.vault, number);
  const at = ctx.clock.now();

  return ctx.db.transaction().execute(async (trx): Promise<PaymentSessionRow | undefined> => {
    const started = await transitionSession(trx, {
      id: session.id,
      from: session.status,
      to: 'authenticating',
      at,
      reason: `3ds:${behaviour.threeDs}`,
      set: { three_ds_method: behaviour.threeDs },
    });
    if (!started) return undefined;
    if (behaviour.threeDs === 'frictionless') return authorizeAuthenticated(trx, ctx, started, card, number);
    if (await isCardLocked(trx, ctx, fingerprint)) {
      ctx.logger.warn({ paymentSessionId: started.id }, 'challenge refused: too many wrong codes on this card');
      return failAuthentication(trx, ctx, started, 'card_locked');
    }
    const challengeId = newId('chl');
    const expiresAt = new Date(at.getTime() + ctx.config.challengeTtlSeconds * 1000);
    if (behaviour.threeDs === 'app') {
      await insertChallenge(trx, {
        id: challengeId,
        payment_session_id: started.id,
        method: 'app',
        status: 'pending',
        code_hash: null,
        failed_attempts: 0,
        resends: 0,
        card_fingerprint: fingerprint,
        expires_at: expiresAt,
        created_at: at,
      });
      return started;
    }
    const code = generateOtp();
    await insertChallenge(trx, {
      id: challengeId,
      payment_session_id: started.id,
      method: 'sms',
      status: 'pending',
      code_hash: hashOtp(ctx.vault, code, otpBindingOf(challengeId, started)),
      failed_attempts: 0,
      resends: 0,
      card_fingerprint: fingerprint,
      expires_at: expiresAt,
      created_at: at,
    });
    await sendOtpSms(trx, ctx, started, card, code);
    return started;
  });
}

export async function sendOtpSms(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  card: Pick<CardRow, 'last4'>,
  code: string,
): Promise<void> {
  const merchant = await trx
    .selectFrom('merchants')
    .select('name')
    .where('id', '=', session.merchant_id)
    .executeTakeFirstOrThrow();
  const amount = formatMoney(session.amount_cents, session.locale, 'EUR');
  const minutes = Math.round(ctx.config.challengeTtlSeconds / 60);
  const body =
    session.locale === 'en'
      ? `Banca Sandbox: your code to authorise ${amount} to ${merchant.name} with card ${maskLast4(card.last4)} is ${code}. Valid ${minutes} minutes. Never share it.`
      : `Banca Sandbox: il codice per autorizzare il pagamento di ${amount} a ${merchant.name} con la carta ${maskLast4(card.last4)} è ${code}. Valido ${minutes} minuti. Non comunicarlo a nessuno.`;
  await sendSms(trx, {
    paymentSessionId: session.id,
    recipient: `+39 333 000 ${card.last4}`,
    maskedCard: maskLast4(card.last4),
    body,
    createdAt: ctx.clock.now(),
  });
}

/**
 * The issuer's decision once the cardholder is authenticated (transStatus Y), written with the final status in the
 * caller's transaction.
 */
export async function authorizeAuthenticated(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  card: CardRow,
  number: CardNumber,
): Promise<PaymentSessionRow | undefined> {
  const known = { set: { trans_status: 'Y' as const, eci: eciFor(card.brand, 'Y') }, card };
  // A saved card may have expired since it was saved.
  if (isExpired(card.exp_month, card.exp_year, ctx.clock.now(), ctx.config.timeZone)) {
    return finishSession(trx, ctx, session, { status: 'declined', declineCode: 'expired_card' }, known);
  }
  const decline = behaviourOf(number).authorizationDecline;
  if (decline === 'processing_error') {
    return finishSession(trx, ctx, session, { status: 'failed', declineCode: decline }, known);
  }
  if (decline) return finishSession(trx, ctx, session, { status: 'declined', declineCode: decline }, known);
  return finishSession(trx, ctx, session, { status: 'authorized' }, known);
}

/**
 * Ends a session whose cardholder could not be authenticated: wrong codes or a denial (transStatus N), no answer in
 * time (U), or a card the issuer refuses to challenge any more (R, declined `authentication_failed`).
 */
export async function failAuthentication(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
  reason: 'authentication_failed' | 'authentication_expired' | 'card_locked',
): Promise<PaymentSessionRow | undefined> {
  const card = session.card_token ? await findCard(trx, session.card_token) : undefined;
  const transStatus: TransStatus = reason === 'authentication_expired' ? 'U' : reason === 'card_locked' ? 'R' : 'N';
  return finishSession(
    trx,
    ctx,
    session,
    { status: 'failed', declineCode: reason === 'card_locked' ? 'authentication_failed' : reason },
    {
      set: { trans_status: transStatus, eci: card ? eciFor(card.brand, transStatus) : null },
      ...(card ? { card } : {}),
    },
  );
}
