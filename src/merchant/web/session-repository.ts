import type { Kysely, Selectable } from 'kysely';
import type { Customer, Locale, MerchantDatabase, WebSessionsTable } from '../../db/schema.ts';

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

/**
 * A session with its customer, in one statement: every request of a signed-in customer needs both, so they are read
 * together (a left join: anonymous and operators' sessions have no customer).
 */
export async function findWebSession(
  db: Db,
  app: WebApp,
  idHash: string,
): Promise<(WebSessionRow & { customer: Customer | null }) | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .leftJoin('customers', 'customers.id', 'web_sessions.customer_id')
    .select([
      'web_sessions.id_hash',
      'web_sessions.app',
      'web_sessions.customer_id',
      'web_sessions.operator_id',
      'web_sessions.csrf_token',
      'web_sessions.locale',
      'web_sessions.data',
      'web_sessions.created_at',
      'web_sessions.last_seen_at',
      'customers.email as customer_email',
      'customers.password_hash as customer_password_hash',
      'customers.name as customer_name',
      'customers.locale as customer_locale',
      'customers.phone as customer_phone',
      'customers.created_at as customer_created_at',
    ])
    .where('web_sessions.id_hash', '=', idHash)
    .where('web_sessions.app', '=', app)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    customer_email,
    customer_password_hash,
    customer_name,
    customer_locale,
    customer_phone,
    customer_created_at,
    ...session
  } = row;
  const customer =
    session.customer_id !== null && customer_email !== null
      ? {
          id: session.customer_id,
          email: customer_email,
          password_hash: customer_password_hash as string,
          name: customer_name as string,
          locale: customer_locale as Locale,
          phone: customer_phone,
          created_at: customer_created_at as Date,
        }
      : null;
  return { ...session, customer };
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
