import type { Kysely } from 'kysely';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import { findCustomerByEmail } from './customer-repository.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';

/**
 * Per account: slows guessing one customer's password (it may lock the real customer out for the rest of the
 * window, the usual price). Per IP: slows one client trying many accounts.
 */
export const LOGIN_LIMITS = {
  perAccount: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export type AuthenticationResult =
  | { kind: 'authenticated'; customer: Customer }
  | { kind: 'invalid_credentials' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks an email and password. Unknown email and wrong password give the same result and take the same time, so a
 * caller cannot learn which emails have an account. Both limits count every attempt before the password is checked,
 * so a blocked client gets no answer about the password at all.
 */
export async function authenticateCustomer(
  db: Kysely<MerchantDatabase>,
  input: { email: string; password: string; ip: string },
  deps: { limiter: RateLimiter },
): Promise<AuthenticationResult> {
  const email = input.email.trim().toLowerCase();
  const accountBucket = `login:account:${email}`;
  const [byIp, byAccount] = await Promise.all([
    deps.limiter.consume(`login:ip:${input.ip}`, LOGIN_LIMITS.perIp),
    deps.limiter.consume(accountBucket, LOGIN_LIMITS.perAccount),
  ]);
  for (const decision of [byIp, byAccount]) {
    if (!decision.allowed) return { kind: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
  }

  const customer = await findCustomerByEmail(db, email);
  const ok = customer
    ? await verifyPassword(customer.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!customer || !ok) return { kind: 'invalid_credentials' };
  await deps.limiter.reset(accountBucket, LOGIN_LIMITS.perAccount);
  // A successful login is frequent enough to keep the table small and rare enough to cost nothing.
  await deps.limiter.prune('login:', LOGIN_LIMITS.perAccount);
  return { kind: 'authenticated', customer };
}
