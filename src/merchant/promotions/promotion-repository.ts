import type { Insertable, Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Promotion, PromotionsTable } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** Inserts a promotion; undefined when its code is taken already (the unique constraint decides, not a read first). */
export async function insertPromotion(db: Db, row: Insertable<PromotionsTable>): Promise<Promotion | undefined> {
  return db
    .insertInto('promotions')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findPromotionById(db: Db, id: number): Promise<Promotion | undefined> {
  return db.selectFrom('promotions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By its code as stored (upper-case: see promotion-rules.ts). */
export async function findPromotionByCode(db: Db, code: string): Promise<Promotion | undefined> {
  return db.selectFrom('promotions').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Every promotion, the latest windows first: what operators list. */
export async function listPromotions(db: Db): Promise<Promotion[]> {
  return db.selectFrom('promotions').selectAll().orderBy('valid_from', 'desc').orderBy('id', 'desc').execute();
}

/** Promotions whose window contains business day `today` and that no operator ended by `now`, ending soonest first. */
export async function listPromotionsValidOn(db: Db, today: string, now: Date): Promise<Promotion[]> {
  return db
    .selectFrom('promotions')
    .selectAll()
    .where('valid_from', '<=', today)
    .where('valid_until', '>=', today)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', now)]))
    .orderBy('valid_until')
    .orderBy('id')
    .execute();
}

/** Ends a promotion at `at`; undefined when it does not exist or was ended already. */
export async function endPromotionAt(db: Db, id: number, at: Date): Promise<Promotion | undefined> {
  return db
    .updateTable('promotions')
    .set({ ended_at: at })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
