import type { Kysely } from 'kysely';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { LoginThrottle } from '../rate-limits/login-throttle.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import { findCustomerByEmail } from './customer-repository.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';

/**
 * Per client address, across accounts: slows one client trying many accounts. Guessing one account's password is
 * slowed per account and address by the LoginThrottle instead, which never locks the real customer out: there is
 * deliberately no limit per account alone, since anyone who knows an email could use it to keep its owner out.
 */
export const LOGIN_LIMITS = {
  perIp: { limit: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export type AuthenticationResult =
  | { kind: 'authenticated'; customer: Customer }
  | { kind: 'invalid_credentials' }
  /** `by`: the client address made too many tries, or this account from this address failed too often. */
  | { kind: 'rate_limited'; by: 'address' | 'account'; retryAfterSeconds: number };

/**
 * Checks an email and password. Unknown email and wrong password give the same result and take the same time, so a
 * caller cannot learn which emails have an account (unknown emails are throttled like known ones). Both limits are
 * applied before the password is checked, so a refused try gets no answer about the password at all.
 */
export async function authenticateCustomer(
  db: Kysely<MerchantDatabase>,
  input: { email: string; password: string; ip: string },
  deps: { limiter: RateLimiter; throttle: LoginThrottle },
): Promise<AuthenticationResult> {
  const email = input.email.trim().toLowerCase();
  const byIp = await deps.limiter.consume(`login:ip:${input.ip}`, LOGIN_LIMITS.perIp);
  if (!byIp.allowed) return { kind: 'rate_limited', by: 'address', retryAfterSeconds: byIp.retryAfterSeconds };
  const pair = { account: email, address: input.ip };
  const attempt = await deps.throttle.begin(pair);
  if (!attempt.allowed) return { kind: 'rate_limited', by: 'account', retryAfterSeconds: attempt.retryAfterSeconds };

  const customer = await findCustomerByEmail(db, email);
  const ok = customer
    ? await verifyPassword(customer.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!customer || !ok) return { kind: 'invalid_credentials' };
  await deps.throttle.succeeded(pair);
  // A successful login is frequent enough to keep the table small and rare enough to cost nothing. The prefix also
  // sweeps counters of the per-account window that LoginThrottle replaced.
  await deps.limiter.prune('login:', LOGIN_LIMITS.perIp);
  return { kind: 'authenticated', customer };
}
