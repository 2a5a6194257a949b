import type { Kysely } from 'kysely';
import type { BankDatabase } from '../db/schema.ts';

export interface Merchant {
  id: string;
  name: string;
  /** Position 0 signs notifications; all verify requests. */
  secrets: string[];
  allowedOrigins: string[];
}

export async function findMerchant(db: Kysely<BankDatabase>, id: string): Promise<Merchant | undefined> {
  const row = await db.selectFrom('merchants').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [secrets, origins] = await Promise.all([
    db.selectFrom('merchant_secrets').select('secret').where('merchant_id', '=', id).orderBy('position').execute(),
    db.selectFrom('merchant_origins').select('origin').where('merchant_id', '=', id).orderBy('origin').execute(),
  ]);
  return { ...row, secrets: secrets.map((s) => s.secret), allowedOrigins: origins.map((o) => o.origin) };
}
