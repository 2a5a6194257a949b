import type { Transaction } from 'kysely';
import type { BankContext } from '../bank-deps.ts';
import type { BankDatabase, PaymentSessionRow } from '../db/schema.ts';
import { expireChallengeIfDue } from '../three-ds/challenge-answers.ts';
import { finishSession } from './finish-session.ts';
import { lockSession, transitionSession } from './payment-session-repository.ts';
import { isFinal, isOpen, OPEN_STATUSES } from './payment-session-states.ts';

/**
 * Whether a session just read (without a lock) may have a deadline behind it, and so needs {@link expireIfDue} and
 * its locks; when not, nothing is due however the read raced a writer: a session's own deadline never moves, and the
 * deadlines a concurrent move sets (a challenge's, an authorization's hold) lie ahead. A challenge's deadline is in
 * its own row, so an authenticating session is always checked.
 */
export function mayBeDue(session: PaymentSessionRow, now: Date): boolean {
  if (isFinal(session.status)) return false;
  if (session.status === 'authenticating') return true;
  if (isOpen(session.status)) return session.expires_at.getTime() <= now.getTime();
  return (
    session.status === 'authorized' &&
    session.authorization_expires_at !== null &&
    session.authorization_expires_at.getTime() <= now.getTime()
  );
}

/**
 * Brings one session up to date with the clock: an unanswered challenge past its 5 minutes fails the authentication,
 * a session past its own deadline expires, and an authorization not captured before its hold ran out lapses
 * (voided, reason `lapsed`). Called before showing or acting on a session, and by the background sweep.
 */
export async function expireIfDue(ctx: BankContext, sessionId: string): Promise<void> {
  await expireChallengeIfDue(ctx, sessionId);
  await ctx.db.transaction().execute(async (trx) => {
    const session = await lockSession(trx, sessionId);
    if (!session) return;
    const now = ctx.clock.now().getTime();
    if (isOpen(session.status) && session.expires_at.getTime() <= now) {
      await finishSession(trx, ctx, session, { status: 'expired' });
    } else if (
      session.status === 'authorized' &&
      session.authorization_expires_at &&
      session.authorization_expires_at.getTime() <= now
    ) {
      await lapseAuthorization(trx, ctx, session);
    }
  });
}

async function lapseAuthorization(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  session: PaymentSessionRow,
): Promise<void> {
  const at = ctx.clock.now();
  const voided = await transitionSession(trx, {
    id: session.id,
    from: 'authorized',
    to: 'voided',
    at,
    reason: 'lapsed',
    set: { void_reason: 'lapsed', voided_at: at },
  });
  if (voided) ctx.logger.info({ paymentSessionId: session.id }, 'authorization lapsed uncaptured');
}

/**
 * The sweep: every session, challenge or authorization whose time is up, so their merchants hear of it without anyone
 * visiting.
 */
export async function expireDueSessions(ctx: BankContext, limit = 100): Promise<number> {
  const now = ctx.clock.now();
  const dueSessions = await ctx.db
    .selectFrom('payment_sessions')
    .select('id')
    .where('status', 'in', OPEN_STATUSES)
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
  const lapsing = await ctx.db
    .selectFrom('payment_sessions')
    .select('id')
    .where('status', '=', 'authorized')
    .where('authorization_expires_at', '<=', now)
    .limit(limit)
    .execute();
  const ids = new Set([...dueSessions, ...dueChallenges, ...lapsing].map((row) => row.id));
  for (const id of ids) await expireIfDue(ctx, id);
  return ids.size;
}
