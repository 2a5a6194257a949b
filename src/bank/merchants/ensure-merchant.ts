import type { Kysely } from 'kysely';
import type { BankDatabase } from '../db/schema.ts';

export interface MerchantRegistration {
  id: string;
  name: string;
  /** The first signs the bank's notifications; every one is accepted on requests (two during a rotation). */
  secrets: string[];
  /** Origins (`https://pay.example.com`) that return_url and notify_url must belong to. */
  allowedOrigins: string[];
}

/**
 * Registers a merchant, or brings an existing one up to date with exactly these secrets and origins.
 * Safe to call on every start and from several processes at once: it runs in one transaction that locks the merchant.
 */
export async function ensureMerchant(db: Kysely<BankDatabase>, registration: MerchantRegistration): Promise<void> {
  if (registration.secrets.length === 0) throw new Error('a merchant needs at least one secret');
  if (registration.secrets.some((s) => s.length < 16))
    throw new Error('merchant secrets must be at least 16 characters');
  const origins = registration.allowedOrigins.map(normaliseOrigin);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('merchants')
      .values({ id: registration.id, name: registration.name })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({ name: registration.name, version: eb('merchants.version', '+', 1) })),
      )
      .execute();
    // The upsert above holds the merchant row's lock until commit, so concurrent calls replace the lists one at a time;
    // its version bump is what tells every bank process's MerchantCache that its copy is stale.
    await trx.deleteFrom('merchant_secrets').where('merchant_id', '=', registration.id).execute();
    await trx
      .insertInto('merchant_secrets')
      .values(registration.secrets.map((secret, position) => ({ merchant_id: registration.id, position, secret })))
      .execute();
    await trx.deleteFrom('merchant_origins').where('merchant_id', '=', registration.id).execute();
    if (origins.length > 0) {
      await trx
        .insertInto('merchant_origins')
        .values([...new Set(origins)].map((origin) => ({ merchant_id: registration.id, origin })))
        .execute();
    }
  });
}

/** `https://Pay.Example.com:443/x` → `https://pay.example.com`, the form URL.origin gives. */
export function normaliseOrigin(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`origin must be http(s): ${value}`);
  return url.origin;
}
