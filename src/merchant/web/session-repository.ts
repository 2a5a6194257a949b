import type { Kysely, Selectable } from 'kysely';
import type { Locale, MerchantDatabase, WebSessionsTable } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase>;
export type WebApp = WebSessionsTable['app'];
export type WebSessionRow = Selectable<WebSessionsTable>;

export interface NewWebSession {
  idHash: string;
  app: WebApp;
  customerId: number | null;
  csrfToken: string;
  locale: Locale | null;
  now: Date;
}

export async function insertWebSession(db: Db, session: NewWebSession): Promise<WebSessionRow> {
  return db
    .insertInto('web_sessions')
    .values({
      id_hash: session.idHash,
      app: session.app,
      customer_id: session.customerId,
      csrf_token: session.csrfToken,
      locale: session.locale,
      created_at: session.now,
      last_seen_at: session.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWebSession(db: Db, app: WebApp, idHash: string): Promise<WebSessionRow | undefined> {
  return db
    .selectFrom('web_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('app', '=', app)
    .executeTakeFirst();
}

export async function touchWebSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function setWebSessionLocale(db: Db, idHash: string, locale: Locale): Promise<void> {
  await db.updateTable('web_sessions').set({ locale }).where('id_hash', '=', idHash).execute();
}

export async function deleteWebSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
}

/** Removes the app's sessions idle since `idleBefore` or started before `createdBefore`. */
export async function deleteExpiredWebSessions(
  db: Db,
  app: WebApp,
  idleBefore: Date,
  createdBefore: Date,
): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where('app', '=', app)
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}
