import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** Adds one hit to the bucket's window and returns the window's count, atomically (one upsert). */
export async function addHit(db: Db, bucket: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limit_hits.hits', '+', 1) })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function clearWindow(db: Db, bucket: string, windowStart: Date): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).where('window_start', '=', windowStart).execute();
}

/** Deletes the windows started before `before` of the buckets whose name starts with `prefix`. */
export async function deleteWindowsBefore(db: Db, prefix: string, before: Date): Promise<void> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  await db.deleteFrom('rate_limit_hits').where('bucket', 'like', pattern).where('window_start', '<', before).execute();
}
