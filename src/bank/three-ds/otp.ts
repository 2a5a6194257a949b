import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Vault } from '../cards/vault.ts';

/**
 * One-time codes for the SMS challenge. A code is 6 random digits; only a keyed hash is stored, and the hash covers
 * the challenge, the session, the merchant and the amount, so a code is good for exactly this payment and nothing else.
 */

export interface OtpBinding {
  challengeId: string;
  paymentSessionId: string;
  merchantId: string;
  amountCents: number;
  currency: string;
}

export function generateOtp(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export function hashOtp(vault: Vault, code: string, binding: OtpBinding): string {
  const bound = [
    binding.challengeId,
    binding.paymentSessionId,
    binding.merchantId,
    binding.amountCents,
    binding.currency,
  ];
  return vault.keyedHash('otp', `${bound.join('|')}|${code}`);
}

/** Constant-time comparison of a typed code with the stored hash. */
export function otpMatches(vault: Vault, typed: string, storedHash: string, binding: OtpBinding): boolean {
  const code = typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashOtp(vault, code, binding), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function otpBindingOf(
  challengeId: string,
  session: { id: string; merchant_id: string; amount_cents: number; currency: string },
): OtpBinding {
  return {
    challengeId,
    paymentSessionId: session.id,
    merchantId: session.merchant_id,
    amountCents: session.amount_cents,
    currency: session.currency,
  };
}
