import type { Kysely, Selectable, Transaction } from 'kysely';
import type { MerchantDatabase, OperatorRole, OperatorsTable } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
export type Operator = Selectable<OperatorsTable>;

export async function insertOperator(
  db: Db,
  operator: { email: string; name: string; role: OperatorRole; passwordHash: string; now: Date },
): Promise<Operator> {
  return db
    .insertInto('operators')
    .values({
      email: operator.email,
      name: operator.name,
      role: operator.role,
      password_hash: operator.passwordHash,
      created_at: operator.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOperatorByEmail(db: Db, email: string): Promise<Operator | undefined> {
  return db.selectFrom('operators').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findOperatorById(db: Db, id: number): Promise<Operator | undefined> {
  return db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOperators(db: Db): Promise<Operator[]> {
  return db.selectFrom('operators').selectAll().orderBy('email').execute();
}

/** Keeps a new secret for enrolment; it is in force only once confirmed with a code (enableTotp). */
export async function setPendingTotpSecret(db: Db, operatorId: number, secret: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ totp_secret: secret, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', operatorId)
    .execute();
}

/**
 * Records that a code of `step` was accepted, only if no code of that step or a later one was: a compare-and-set,
 * so two requests racing with one code cannot both pass. True when this call won.
 */
export async function acceptTotpStep(
  db: Db,
  operatorId: number,
  step: number,
  enableAt: Date | null,
): Promise<boolean> {
  const result = await db
    .updateTable('operators')
    .set({ totp_last_step: step, ...(enableAt ? { totp_enabled_at: enableAt } : {}) })
    .where('id', '=', operatorId)
    .where('totp_secret', 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function clearTotp(db: Db, operatorId: number): Promise<void> {
  await db
    .updateTable('operators')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', operatorId)
    .execute();
}

export async function setOperatorRole(db: Db, operatorId: number, role: OperatorRole): Promise<void> {
  await db.updateTable('operators').set({ role }).where('id', '=', operatorId).execute();
}

export async function setOperatorDisabled(db: Db, operatorId: number, at: Date | null): Promise<void> {
  await db.updateTable('operators').set({ disabled_at: at }).where('id', '=', operatorId).execute();
}

export async function setOperatorPassword(db: Db, operatorId: number, passwordHash: string): Promise<void> {
  await db.updateTable('operators').set({ password_hash: passwordHash }).where('id', '=', operatorId).execute();
}
