import type { Kysely, Transaction } from 'kysely';
import type { ApiKey, ApiKeyMode, ApiKeyScopes, MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export async function insertApiKey(
  db: Db,
  key: { name: string; prefix: string; hash: string; scopes: ApiKeyScopes; mode: ApiKeyMode; at: Date },
): Promise<ApiKey> {
  return db
    .insertInto('api_keys')
    .values({
      name: key.name,
      prefix: key.prefix,
      key_hash: key.hash,
      scopes: key.scopes,
      mode: key.mode,
      created_at: key.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The key with this hash, revoked or not (the caller tells the two apart). */
export async function findApiKeyByHash(db: Db, hash: string): Promise<ApiKey | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('id').execute();
}

/** Revokes the key with this prefix; undefined when there is none, the row unchanged when it was revoked already. */
export async function revokeApiKey(db: Db, prefix: string, at: Date): Promise<ApiKey | undefined> {
  const revoked = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('prefix', '=', prefix)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return revoked ?? db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
}

/**
 * Notes the key's use, at most once a minute per key: "last used" is for an operator deciding what to revoke, and
 * one write per request would double the API's writes.
 */
export async function touchApiKey(db: Db, id: number, at: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]))
    .execute();
}
