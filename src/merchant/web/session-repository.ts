import type { Kysely, Selectable } from 'kysely';
import type { Locale, MerchantDatabase, WebSessionsTable } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase>;
export type WebApp = WebSessionsTable['app'];
export type WebSessionRow = Selectable<WebSessionsTable>;

export interface NewWebSession {
  idHash: string;
  app: WebApp;
  customerId: number | null;
  /** A back-office session's operator, once fully signed in. */
  operatorId?: number | null;
  csrfToken: string;
  locale: Locale | null;
  now: Date;
  /** What the session is allowed beyond its customer, e.g. Pagamenti's guest order (`{ guestOrderId }`). */
  data?: Record<string, unknown>;
}

export async function insertWebSession(db: Db, session: NewWebSession): Promise<WebSessionRow> {
  return db
    .insertInto('web_sessions')
    .values({
      id_hash: session.idHash,
      app: session.app,
      customer_id: session.customerId,
      operator_id: session.operatorId ?? null,
      csrf_token: session.csrfToken,
      locale: session.locale,
      ...(session.data ? { data: JSON.stringify(session.data) } : {}),
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

/**
 * Deletes one session and every session of `customerId` in `apps`, in one statement: a sign-out either happens
 * everywhere it should or not at all.
 */
export async function deleteWebSessionAndCustomerSessions(
  db: Db,
  idHash: string,
  customer: { customerId: number; apps: readonly WebApp[] } | null,
): Promise<void> {
  await db
    .deleteFrom('web_sessions')
    .where((eb) =>
      customer && customer.apps.length > 0
        ? eb.or([
            eb('id_hash', '=', idHash),
            eb.and([eb('customer_id', '=', customer.customerId), eb('app', 'in', customer.apps)]),
          ])
        : eb('id_hash', '=', idHash),
    )
    .execute();
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

/** Ends every session of the customer, in every app and on every device (after a password reset). */
export async function deleteCustomerSessions(db: Db, customerId: number): Promise<number> {
  const result = await db.deleteFrom('web_sessions').where('customer_id', '=', customerId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
