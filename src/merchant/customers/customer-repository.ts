import type { Kysely, Transaction } from 'kysely';
import type { Customer, Locale, MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewCustomer {
  email: string;
  passwordHash: string;
  name: string;
  locale: Locale;
  phone?: string | null;
  /** The application's clock; the database's `now()` when omitted. */
  createdAt?: Date;
}

/** Looks the email up case-insensitively, as the unique index `customers_email_key` on lower(email) does. */
export async function findCustomerByEmail(db: Db, email: string): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
    .executeTakeFirst();
}

export async function findCustomerById(db: Db, id: number): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCustomer(db: Db, customer: NewCustomer): Promise<Customer> {
  return db
    .insertInto('customers')
    .values({
      email: customer.email,
      password_hash: customer.passwordHash,
      name: customer.name,
      locale: customer.locale,
      phone: customer.phone ?? null,
      ...(customer.createdAt ? { created_at: customer.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCustomerLocale(db: Db, id: number, locale: Locale): Promise<void> {
  await db.updateTable('customers').set({ locale }).where('id', '=', id).execute();
}

export async function updateCustomerPasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('customers').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}
