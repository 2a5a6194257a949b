import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { findEmail, type OutboxEmail } from '../../email/outbox-repository.ts';
import { idOfPath } from '../lists/list-links.tsx';

/** The outbox email of an `/email/:id…` path (its page and its actions), or null (a 404). */
export async function emailOfPath(db: Kysely<MerchantDatabase>, text: string | undefined): Promise<OutboxEmail | null> {
  const id = idOfPath(text);
  return id === null ? null : ((await findEmail(db, id)) ?? null);
}
