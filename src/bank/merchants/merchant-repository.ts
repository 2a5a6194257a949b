import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { BankDatabase } from '../db/schema.ts';

export interface Merchant {
  id: string;
  name: string;
  /** Position 0 signs notifications; all verify requests. */
  secrets: string[];
  allowedOrigins: string[];
  /** The merchants.version this copy was read at (see MerchantCache). */
  version: number;
}

/**
 * The merchant with its secrets and origins, in one statement: one snapshot, so the version read is the version of
 * the secrets and origins read with it (ensureMerchant replaces all of them in one transaction).
 */
export async function findMerchant(db: Kysely<BankDatabase>, id: string): Promise<Merchant | undefined> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => [
      'id',
      'name',
      'version',
      jsonArrayFrom(
        eb
          .selectFrom('merchant_secrets')
          .select('secret')
          .whereRef('merchant_secrets.merchant_id', '=', 'merchants.id')
          .orderBy('position'),
      ).as('secrets'),
      jsonArrayFrom(
        eb
          .selectFrom('merchant_origins')
          .select('origin')
          .whereRef('merchant_origins.merchant_id', '=', 'merchants.id')
          .orderBy('origin'),
      ).as('origins'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    secrets: row.secrets.map((s) => s.secret),
    allowedOrigins: row.origins.map((o) => o.origin),
    version: row.version,
  };
}
