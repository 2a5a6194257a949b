import type { Kysely } from 'kysely';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import { enqueueJob } from '../../jobs/job-queue.ts';
import { DONE, type QueueDefinition } from '../../jobs/worker.ts';
import type { Clock } from '../../shared/clock.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import type { RateLimiter, RateLimitRule } from '../rate-limits/rate-limiter.ts';
import { findCustomerByEmail } from './customer-repository.ts';
import { insertResetToken } from './password-reset-repository.ts';
import { newResetToken, RESET_TOKEN_TTL_MS, resetTokenHash } from './password-reset-tokens.ts';

/** Per client address across emails (someone probing many), and per email (someone flooding one inbox). */
export const RESET_LIMITS = {
  perIp: { limit: 10, windowMs: 15 * 60_000 },
  perEmail: { limit: 3, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export const PASSWORD_RESET_QUEUE = 'password_reset.issue';

export type ResetRequestResult = { kind: 'accepted' } | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * "Password dimenticata?": the answer is the same whether the email has an account or not, and so is the work done
 * before answering — two rate-limit counts and one job written, for every email. Whether there is an account is
 * looked up later, by the job (issuePasswordReset), so no stopwatch on the response can tell.
 */
export async function requestPasswordReset(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock; limiter: RateLimiter },
  input: { email: string; locale: Locale; ip: string },
): Promise<ResetRequestResult> {
  const email = input.email.trim().toLowerCase();
  for (const [bucket, rule] of [
    [`reset:ip:${input.ip}`, RESET_LIMITS.perIp],
    [`reset:email:${email}`, RESET_LIMITS.perEmail],
  ] as const) {
    const decision = await deps.limiter.consume(bucket, rule);
    if (!decision.allowed) return { kind: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
  }
  const now = deps.clock.now();
  await enqueueJob(deps.db, {
    queue: PASSWORD_RESET_QUEUE,
    payload: { email, locale: input.locale },
    runAt: new Date(0),
    at: now,
  });
  await deps.limiter.prune('reset:', RESET_LIMITS.perEmail);
  return { kind: 'accepted' };
}

/**
 * The job: when the email has an account, a new single-use token (its hash stored, valid 30 minutes from now) and
 * the email with its link, in one transaction. No account: nothing, and nothing is sent. Returns whether a link went.
 */
export async function issuePasswordReset(
  db: Kysely<MerchantDatabase>,
  input: { email: string; locale: Locale },
  now: Date,
): Promise<boolean> {
  const customer = await findCustomerByEmail(db, input.email);
  if (!customer) return false;
  const token = newResetToken();
  await db.transaction().execute(async (trx) => {
    const id = await insertResetToken(trx, {
      customerId: customer.id,
      tokenHash: resetTokenHash(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
    });
    await enqueueEmail(trx, {
      dedupeKey: `password_reset:${id}`,
      customerId: customer.id,
      to: customer.email,
      // The language the customer asked in: they are reading it right now.
      locale: input.locale,
      template: 'password_reset',
      data: { token, validMinutes: RESET_TOKEN_TTL_MS / 60_000 },
      at: now,
    });
  });
  return true;
}

export function passwordResetQueue(deps: { db: Kysely<MerchantDatabase> }): QueueDefinition<{
  email: string;
  locale: Locale;
}> {
  return {
    queue: PASSWORD_RESET_QUEUE,
    backoff: { baseMs: 5_000, maxMs: 60_000 },
    maxAttempts: 5,
    leaseMs: 30_000,
    batchSize: 20,
    async handle(payload, { now }) {
      await issuePasswordReset(deps.db, payload, now);
      return DONE;
    },
  };
}
