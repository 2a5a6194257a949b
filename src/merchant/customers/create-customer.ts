import type { Kysely } from 'kysely';
import type { Customer, Locale, MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import type { Clock } from '../../shared/clock.ts';
import { findCustomerByEmail, insertCustomer } from './customer-repository.ts';
import { PASSWORD_RESET_QUEUE } from './request-password-reset.ts';

/**
 * Stored as the password hash of a customer created by the provider's systems (the REST API): not an argon2 hash,
 * so verifyPassword() refuses every password for it, and the only way in is the link the customer is sent.
 */
export const UNUSABLE_PASSWORD_HASH = '!no-password:set-through-the-emailed-link';

export type CreateCustomerResult = { ok: true; customer: Customer } | { ok: false; reason: 'email_taken' };

/**
 * A customer created by the provider (REST API): no password, and in the same transaction the job that emails
 * them a "set your password" link, the same single-use link as "Password dimenticata?"
 * (request-password-reset.ts issues it, valid 30 minutes; the customer can ask for another on the login page).
 */
export async function createCustomer(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  input: { email: string; name: string; locale: Locale; phone: string | null },
): Promise<CreateCustomerResult> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await findCustomerByEmail(trx, input.email)) return { ok: false, reason: 'email_taken' } as const;
      const now = deps.clock.now();
      const customer = await insertCustomer(trx, {
        email: input.email.trim(),
        passwordHash: UNUSABLE_PASSWORD_HASH,
        name: input.name,
        locale: input.locale,
        phone: input.phone,
        createdAt: now,
      });
      await enqueueJob(trx, {
        queue: PASSWORD_RESET_QUEUE,
        payload: { email: customer.email.toLowerCase(), locale: customer.locale },
        runAt: now,
        at: now,
      });
      return { ok: true, customer } as const;
    });
  } catch (error) {
    // Two creates of one email at once: the unique index on lower(email) lets one through.
    if (isUniqueViolation(error)) return { ok: false, reason: 'email_taken' };
    throw error;
  }
}

export type UpdateCustomerResult =
  | { ok: true; customer: Customer }
  | { ok: false; reason: 'unknown_customer' | 'email_taken' };

/** Changes a customer's name, email, language or phone (what the provider's CRM owns); the rest stays. */
export async function updateCustomer(
  deps: { db: Kysely<MerchantDatabase> },
  customerId: number,
  changes: { email?: string; name?: string; locale?: Locale; phone?: string | null },
): Promise<UpdateCustomerResult> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (changes.email !== undefined) {
        const holder = await findCustomerByEmail(trx, changes.email);
        if (holder && holder.id !== customerId) return { ok: false, reason: 'email_taken' } as const;
      }
      const updated = await trx
        .updateTable('customers')
        .set({
          ...(changes.email !== undefined ? { email: changes.email.trim() } : {}),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
          ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
        })
        .where('id', '=', customerId)
        .returningAll()
        .executeTakeFirst();
      return updated
        ? ({ ok: true, customer: updated } as const)
        : ({ ok: false, reason: 'unknown_customer' } as const);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'email_taken' };
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
