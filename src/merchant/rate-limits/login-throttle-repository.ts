import type { Kysely, Selectable, Transaction } from 'kysely';
import type { LoginThrottlesTable, MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
export type LoginThrottleRow = Selectable<LoginThrottlesTable>;

/** An account (normalized email) and the client address it is tried from. */
export interface LoginPair {
  account: string;
  address: string;
}

/** The pair's row, locked until the transaction ends; created with no tries when it does not exist yet. */
export async function lockLoginPair(trx: Transaction<MerchantDatabase>, pair: LoginPair, now: Date) {
  await trx
    .insertInto('login_throttles')
    .values({ account: pair.account, address: pair.address, failures: 0, last_try_at: now, next_try_at: now })
    .onConflict((oc) => oc.columns(['account', 'address']).doNothing())
    .execute();
  return trx
    .selectFrom('login_throttles')
    .selectAll()
    .where('account', '=', pair.account)
    .where('address', '=', pair.address)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateLoginPair(
  db: Db,
  pair: LoginPair,
  values: { failures: number; lastTryAt: Date; nextTryAt: Date },
): Promise<void> {
  await db
    .updateTable('login_throttles')
    .set({ failures: values.failures, last_try_at: values.lastTryAt, next_try_at: values.nextTryAt })
    .where('account', '=', pair.account)
    .where('address', '=', pair.address)
    .execute();
}

export async function deleteLoginPair(db: Db, pair: LoginPair): Promise<void> {
  await db
    .deleteFrom('login_throttles')
    .where('account', '=', pair.account)
    .where('address', '=', pair.address)
    .execute();
}

/** Deletes the pairs last tried before `before`. */
export async function deleteLoginPairsTriedBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_throttles').where('last_try_at', '<', before).execute();
}
