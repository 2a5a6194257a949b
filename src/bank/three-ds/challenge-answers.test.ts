import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { expireDueSessions } from '../sessions/expire-sessions.ts';
import { findSession } from '../sessions/payment-session-repository.ts';
import { latestCode, newMerchant, openUseCaseKit, submittedSession } from '../testing/use-case-kit.ts';
import { decideApproval, resendOtp, verifyOtp } from './challenge-answers.ts';

describe.each(testDatabaseKinds())('3-D Secure challenges on %s', (kind) => {
  const clock = new ManualClock('2026-11-28T10:00:00Z');
  let ctx: BankContext;
  let database: Database<BankDatabase>;
  let merchant: Merchant;

  beforeAll(async () => {
    ({ ctx, database } = await openUseCaseKit(kind, clock));
    merchant = await newMerchant(ctx);
  });
  afterAll(async () => {
    await database.close();
  });

  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('the right SMS code authorizes the payment, and only once', async () => {
    const session = await submittedSession(ctx, merchant, '4242424242424242');
    expect(session.status).toBe('authenticating');
    expect(session.three_ds_method).toBe('sms');
    const code = await latestCode(ctx, session.id);
    expect(await verifyOtp(ctx, session.id, code)).toEqual({ kind: 'accepted' });
    const done = await findSession(ctx.db, session.id);
    expect(done).toMatchObject({ status: 'captured', trans_status: 'Y', eci: '05' });
    expect(await verifyOtp(ctx, session.id, code)).toEqual({ kind: 'no_challenge' });
  });

  it('three wrong codes end the authentication as failed; the right code then no longer works', async () => {
    const session = await submittedSession(ctx, merchant, '4242424242424242');
    const code = await latestCode(ctx, session.id);
    expect(await verifyOtp(ctx, session.id, wrongCode(code))).toEqual({ kind: 'wrong', attemptsLeft: 2 });
    expect(await verifyOtp(ctx, session.id, 'abc')).toEqual({ kind: 'wrong', attemptsLeft: 1 });
    expect(await verifyOtp(ctx, session.id, wrongCode(code))).toEqual({ kind: 'too_many_attempts' });
    expect(await findSession(ctx.db, session.id)).toMatchObject({
      status: 'failed',
      decline_code: 'authentication_failed',
      trans_status: 'N',
    });
    expect(await verifyOtp(ctx, session.id, code)).toEqual({ kind: 'no_challenge' });
  });

  it('a code is valid for 5 minutes', async () => {
    const session = await submittedSession(ctx, merchant, '4242424242424242');
    const code = await latestCode(ctx, session.id);
    clock.advance(5 * 60_000 + 1000);
    expect(await verifyOtp(ctx, session.id, code)).toEqual({ kind: 'expired' });
    expect(await findSession(ctx.db, session.id)).toMatchObject({
      status: 'failed',
      decline_code: 'authentication_expired',
    });
  });

  it("a code is bound to its own payment: another session's code does not work", async () => {
    const first = await submittedSession(ctx, merchant, '4242424242424242');
    const second = await submittedSession(ctx, merchant, '4242424242424242', { amount: 9999 });
    const firstCode = await latestCode(ctx, first.id);
    const secondCode = await latestCode(ctx, second.id);
    if (firstCode !== secondCode) {
      expect(await verifyOtp(ctx, second.id, firstCode)).toMatchObject({ kind: 'wrong' });
    }
    expect(await verifyOtp(ctx, second.id, secondCode)).toEqual({ kind: 'accepted' });
  });

  it('"Invia di nuovo" replaces the code, keeps the wrong tries, and is limited', async () => {
    const session = await submittedSession(ctx, merchant, '4242424242424242');
    const oldCode = await latestCode(ctx, session.id);
    expect(await verifyOtp(ctx, session.id, wrongCode(oldCode))).toEqual({ kind: 'wrong', attemptsLeft: 2 });
    expect(await resendOtp(ctx, session.id)).toEqual({ kind: 'sent', resendsLeft: 1 });
    const newCode = await latestCode(ctx, session.id);
    // One chance in a million that the new code equals the old one; then the old code is simply the right one.
    if (newCode !== oldCode) {
      expect(await verifyOtp(ctx, session.id, oldCode)).toEqual({ kind: 'wrong', attemptsLeft: 1 });
    }
    expect(await resendOtp(ctx, session.id)).toEqual({ kind: 'sent', resendsLeft: 0 });
    expect(await resendOtp(ctx, session.id)).toEqual({ kind: 'limit_reached' });
    expect(await verifyOtp(ctx, session.id, await latestCode(ctx, session.id))).toEqual({ kind: 'accepted' });
  });

  it('the app approval authorizes; a denial fails the authentication', async () => {
    const approved = await submittedSession(ctx, merchant, '4000000000003220');
    expect(approved.three_ds_method).toBe('app');
    const approvedChallenge = await ctx.db
      .selectFrom('challenges')
      .select('id')
      .where('payment_session_id', '=', approved.id)
      .executeTakeFirstOrThrow();
    expect(await decideApproval(ctx, approvedChallenge.id, 'approve')).toEqual({ kind: 'approved' });
    expect(await findSession(ctx.db, approved.id)).toMatchObject({ status: 'captured', trans_status: 'Y' });
    expect(await decideApproval(ctx, approvedChallenge.id, 'deny')).toEqual({ kind: 'no_challenge' });

    const denied = await submittedSession(ctx, merchant, '4000000000003220');
    const deniedChallenge = await ctx.db
      .selectFrom('challenges')
      .select('id')
      .where('payment_session_id', '=', denied.id)
      .executeTakeFirstOrThrow();
    expect(await decideApproval(ctx, deniedChallenge.id, 'deny')).toEqual({ kind: 'denied' });
    expect(await findSession(ctx.db, denied.id)).toMatchObject({
      status: 'failed',
      decline_code: 'authentication_failed',
    });
  });

  it('an unanswered app approval expires after 5 minutes and the sweep tells the merchant', async () => {
    const session = await submittedSession(ctx, merchant, '4000000000003220');
    clock.advance(4 * 60_000);
    await expireDueSessions(ctx);
    expect((await findSession(ctx.db, session.id))?.status).toBe('authenticating');
    clock.advance(61_000);
    await expireDueSessions(ctx);
    expect(await findSession(ctx.db, session.id)).toMatchObject({
      status: 'failed',
      decline_code: 'authentication_expired',
      trans_status: 'U',
    });
    const notification = await ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('payment_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(notification.payload)).toMatchObject({
      type: 'payment_session.failed',
      payment_session: { id: session.id, status: 'failed' },
    });
  });
});
