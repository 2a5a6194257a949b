import type { Kysely } from 'kysely';
import type { MerchantDatabase, OperatorRole } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { hashPassword } from '../customers/passwords.ts';
import { findOperatorByEmail, insertOperator, type Operator } from './operator-repository.ts';

/** Why an operator could not be created; the CLI and the operators page word it. */
export type CreateOperatorRefusal = 'email_invalid' | 'email_taken' | 'name_invalid' | 'password_too_short';

export const OPERATOR_PASSWORD_MIN = 10;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createOperator(
  db: Kysely<MerchantDatabase>,
  input: { email: string; name: string; role: OperatorRole; password: string },
  deps: { clock: Clock },
): Promise<{ kind: 'created'; operator: Operator } | { kind: 'refused'; reason: CreateOperatorRefusal }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL.test(email) || email.length > 254) return { kind: 'refused', reason: 'email_invalid' };
  if (name.length < 1 || name.length > 200) return { kind: 'refused', reason: 'name_invalid' };
  if (input.password.length < OPERATOR_PASSWORD_MIN) return { kind: 'refused', reason: 'password_too_short' };
  if (await findOperatorByEmail(db, email)) return { kind: 'refused', reason: 'email_taken' };
  const operator = await insertOperator(db, {
    email,
    name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    now: deps.clock.now(),
  });
  return { kind: 'created', operator };
}
