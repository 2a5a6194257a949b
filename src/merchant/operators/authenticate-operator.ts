import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { verifyAgainstDummy, verifyPassword } from '../customers/passwords.ts';
import type { LoginThrottle } from '../rate-limits/login-throttle.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { findOperatorByEmail, type Operator } from './operator-repository.ts';

/** Per client address, across operator accounts (customers' logins count apart: see `bucket`). */
const PER_IP = { limit: 30, windowMs: 15 * 60_000 } as const;

export type OperatorAuthentication =
  | { kind: 'authenticated'; operator: Operator }
  | { kind: 'invalid_credentials' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * The password step of a back-office login. As for customers (authenticate-customer.ts): unknown email, wrong
 * password and a disabled account all answer the same, in the same time, and both limits apply before the password
 * is checked. The TOTP step follows (verify-operator-code.ts).
 */
export async function authenticateOperator(
  db: Kysely<MerchantDatabase>,
  input: { email: string; password: string; ip: string },
  deps: { limiter: RateLimiter; throttle: LoginThrottle },
): Promise<OperatorAuthentication> {
  const email = input.email.trim().toLowerCase();
  const byIp = await deps.limiter.consume(`bo-login:ip:${input.ip}`, PER_IP);
  if (!byIp.allowed) return { kind: 'rate_limited', retryAfterSeconds: byIp.retryAfterSeconds };
  const pair = { account: `operator:${email}`, address: input.ip };
  const attempt = await deps.throttle.begin(pair);
  if (!attempt.allowed) return { kind: 'rate_limited', retryAfterSeconds: attempt.retryAfterSeconds };

  const operator = await findOperatorByEmail(db, email);
  const ok = operator
    ? await verifyPassword(operator.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!operator || !ok || operator.disabled_at !== null) return { kind: 'invalid_credentials' };
  await deps.throttle.succeeded(pair);
  return { kind: 'authenticated', operator };
}
