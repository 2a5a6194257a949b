import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { LoginThrottle } from '../rate-limits/login-throttle.ts';
import { acceptTotpStep, findOperatorById, type Operator } from './operator-repository.ts';
import { totpStepOf } from './totp.ts';

export type CodeCheck =
  | { kind: 'accepted'; operator: Operator }
  | { kind: 'wrong_code' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * The TOTP step of a login, or the confirmation of an enrolment (`enrol`: the pending secret becomes the operator's
 * in the same compare-and-set that spends the code). Wrong codes are throttled per operator and address like
 * passwords: six digits are guessable otherwise. A code is spent once (operators.totp_last_step).
 */
export async function verifyOperatorCode(
  db: Kysely<MerchantDatabase>,
  input: { operatorId: number; code: string; ip: string; enrol: boolean },
  deps: { clock: Clock; throttle: LoginThrottle },
): Promise<CodeCheck> {
  const pair = { account: `operator-totp:${input.operatorId}`, address: input.ip };
  const attempt = await deps.throttle.begin(pair);
  if (!attempt.allowed) return { kind: 'rate_limited', retryAfterSeconds: attempt.retryAfterSeconds };
  const operator = await findOperatorById(db, input.operatorId);
  if (!operator || operator.disabled_at !== null || !operator.totp_secret) return { kind: 'wrong_code' };
  // An enrolled operator's secret is never replaced by a login's enrolment step, and the reverse.
  if (input.enrol !== (operator.totp_enabled_at === null)) return { kind: 'wrong_code' };
  const now = deps.clock.now();
  const step = totpStepOf(operator.totp_secret, input.code, now);
  if (step === null) return { kind: 'wrong_code' };
  if (!(await acceptTotpStep(db, operator.id, step, input.enrol ? now : null))) return { kind: 'wrong_code' };
  await deps.throttle.succeeded(pair);
  return { kind: 'accepted', operator };
}
