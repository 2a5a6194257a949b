import type { Kysely, Transaction } from 'kysely';
import type { BankDatabase, ChallengeRow, ChallengeStatus } from '../db/schema.ts';

type Db = Kysely<BankDatabase> | Transaction<BankDatabase>;

export async function insertChallenge(db: Db, challenge: Omit<ChallengeRow, 'decided_at'>): Promise<void> {
  await db.insertInto('challenges').values(challenge).execute();
}

export async function findPendingChallenge(db: Db, paymentSessionId: string): Promise<ChallengeRow | undefined> {
  return db
    .selectFrom('challenges')
    .selectAll()
    .where('payment_session_id', '=', paymentSessionId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** The pending challenge, locked for the rest of the transaction so two answers cannot both count. */
export async function lockPendingChallenge(
  trx: Transaction<BankDatabase>,
  where: { paymentSessionId: string } | { challengeId: string },
): Promise<ChallengeRow | undefined> {
  let query = trx.selectFrom('challenges').selectAll().where('status', '=', 'pending');
  query =
    'challengeId' in where
      ? query.where('id', '=', where.challengeId)
      : query.where('payment_session_id', '=', where.paymentSessionId);
  return query.forUpdate().executeTakeFirst();
}

export async function decideChallenge(
  trx: Transaction<BankDatabase>,
  id: string,
  status: Exclude<ChallengeStatus, 'pending'>,
  at: Date,
): Promise<void> {
  await trx.updateTable('challenges').set({ status, decided_at: at }).where('id', '=', id).execute();
}

export async function recordWrongCode(trx: Transaction<BankDatabase>, id: string): Promise<number> {
  const row = await trx
    .updateTable('challenges')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  return row.failed_attempts;
}

export async function replaceCode(
  trx: Transaction<BankDatabase>,
  id: string,
  change: { codeHash: string; expiresAt: Date },
): Promise<void> {
  await trx
    .updateTable('challenges')
    .set((eb) => ({ code_hash: change.codeHash, expires_at: change.expiresAt, resends: eb('resends', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export interface PendingApproval {
  challengeId: string;
  paymentSessionId: string;
  merchantName: string;
  amountCents: number;
  currency: string;
  last4: string;
  brand: string;
  createdAt: Date;
  expiresAt: Date;
}

/** App approval requests still waiting, newest first, for the sandbox bank app. */
export async function listPendingApprovals(db: Db, now: Date): Promise<PendingApproval[]> {
  const rows = await db
    .selectFrom('challenges')
    .innerJoin('payment_sessions', 'payment_sessions.id', 'challenges.payment_session_id')
    .innerJoin('merchants', 'merchants.id', 'payment_sessions.merchant_id')
    .innerJoin('cards', 'cards.token', 'payment_sessions.card_token')
    .select([
      'challenges.id as challengeId',
      'payment_sessions.id as paymentSessionId',
      'merchants.name as merchantName',
      'payment_sessions.amount_cents as amountCents',
      'payment_sessions.currency as currency',
      'cards.last4 as last4',
      'cards.brand as brand',
      'challenges.created_at as createdAt',
      'challenges.expires_at as expiresAt',
    ])
    .where('challenges.method', '=', 'app')
    .where('challenges.status', '=', 'pending')
    .where('challenges.expires_at', '>', now)
    .orderBy('challenges.created_at', 'desc')
    .limit(50)
    .execute();
  return rows;
}
