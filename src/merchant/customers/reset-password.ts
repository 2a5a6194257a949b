import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { deleteCustomerSessions } from '../web/session-repository.ts';
import { updateCustomerPasswordHash } from './customer-repository.ts';
import { findUsableResetToken, useAllResetTokensOf, useResetToken } from './password-reset-repository.ts';
import { RESET_TOKEN_FORMAT, resetTokenHash } from './password-reset-tokens.ts';
import { hashPassword } from './passwords.ts';

/** A new password is at least this long (and at most 1024, like the login form). */
export const PASSWORD_MIN_LENGTH = 10;

/** Whether a link's token can still set a password (unused, not expired): the form is shown only then. */
export async function isResetTokenUsable(db: Kysely<MerchantDatabase>, clock: Clock, token: string): Promise<boolean> {
  if (!RESET_TOKEN_FORMAT.test(token)) return false;
  return (await findUsableResetToken(db, resetTokenHash(token), clock.now())) !== undefined;
}

export type ResetPasswordResult = { kind: 'reset'; customerId: number } | { kind: 'invalid_token' };

/**
 * Sets the new password (argon2id) with the token, in one transaction: the token is used by compare-and-set (of two
 * concurrent uses one wins), the customer's other links die, and every session of the customer — Area Clienti and
 * Pagamenti, any device — ends, so whoever knew the old password is out.
 */
export async function resetPassword(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  input: { token: string; password: string },
): Promise<ResetPasswordResult> {
  // Cheap checks first: an invalid link costs no password hash.
  if (!(await isResetTokenUsable(deps.db, deps.clock, input.token))) return { kind: 'invalid_token' };
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const customerId = await useResetToken(trx, resetTokenHash(input.token), now);
    if (customerId === undefined) return { kind: 'invalid_token' } as const;
    await updateCustomerPasswordHash(trx, customerId, passwordHash);
    await useAllResetTokensOf(trx, customerId, now);
    await deleteCustomerSessions(trx, customerId);
    return { kind: 'reset', customerId } as const;
  });
}
