import type { BankContext } from '../bank-deps.ts';
import { expireChallengeIfDue } from '../three-ds/challenge-answers.ts';
import { finishSession } from './finish-session.ts';
import { lockSession } from './payment-session-repository.ts';
import { isFinal } from './payment-session-states.ts';

/**
 * Brings one session up to date with the clock: an unanswered challenge past its 5 minutes fails the authentication,
 * and a session past its own deadline expires. Called before showing a session, and by the background sweep.
 */
export async function expireIfDue(ctx: BankContext, sessionId: string): Promise<void> {
  await expireChallengeIfDue(ctx, sessionId);
  await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId);
    if (!session || isFinal(session.status)) return;
    if (session.expires_at.getTime() > ctx.clock.now().getTime()) return;
    await trx
      .updateTable('challenges')
      .set({ status: 'expired', decided_at: ctx.clock.now() })
      .where('payment_session_id', '=', sessionId)
      .where('status', '=', 'pending')
      .execute();
    await finishSession(trx, ctx, session, { status: 'expired' });
  });
}

/** The sweep: every session or challenge whose time is up, so their merchants hear of it without anyone visiting. */
export async function expireDueSessions(ctx: BankContext, limit = 100): Promise<number> {
  const now = ctx.clock.now();
  const dueSessions = await ctx.db
    .selectFrom('payment_sessions')
    .select('id')
    .where('status', 'in', ['created', 'awaiting_card', 'authenticating'])
    .where('expires_at', '<=', now)
    .limit(limit)
    .execute();
  const dueChallenges = await ctx.db
    .selectFrom('challenges')
    .select('payment_session_id as id')
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .limit(limit)
    .execute();
  const ids = new Set([...dueSessions, ...dueChallenges].map((row) => row.id));
  for (const id of ids) await expireIfDue(ctx, id);
  return ids.size;
}
