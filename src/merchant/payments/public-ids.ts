import { randomBytes } from 'node:crypto';

/** The public id of a payment attempt (`pa_` + 32 hex), as customers' URLs and the bank's references carry it. */
export function newAttemptPublicId(): string {
  return `pa_${randomBytes(16).toString('hex')}`;
}

/** The public id of a card verification attempt (`cv_` + 32 hex). */
export function newVerificationPublicId(): string {
  return `cv_${randomBytes(16).toString('hex')}`;
}

export const ATTEMPT_PUBLIC_ID = /^pa_[0-9a-f]{32}$/;
export const VERIFICATION_PUBLIC_ID = /^cv_[0-9a-f]{32}$/;
