import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';

const cache = new WeakMap<Kysely<MerchantDatabase>, Map<string, Promise<string>>>();

/**
 * A signing key of the merchant's apps (the Pagamenti hand-off, payment links), as 64 hex digits. It lives in the
 * database (`app_secrets`), created on first use: every process sharing the database agrees on it with no
 * configuration, and forging what it signs needs the database, which would give far more.
 */
export function appSecret(db: Kysely<MerchantDatabase>, name: string): Promise<string> {
  let byName = cache.get(db);
  if (!byName) {
    byName = new Map();
    cache.set(db, byName);
  }
  let secret = byName.get(name);
  if (!secret) {
    secret = (async () => {
      await db
        .insertInto('app_secrets')
        .values({ name, value: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return row.value;
    })();
    const current = byName;
    secret.catch(() => current.delete(name));
    byName.set(name, secret);
  }
  return secret;
}
