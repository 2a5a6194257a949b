import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from '../cards/vault.ts';
import { generateOtp, hashOtp, type OtpBinding, otpMatches } from './otp.ts';

const vault = createVault(randomBytes(32));
const binding: OtpBinding = {
  challengeId: 'chl_1',
  paymentSessionId: 'ps_1',
  merchantId: 'cassa',
  amountCents: 4880,
  currency: 'EUR',
};

describe('OTP codes', () => {
  it('are six random digits', () => {
    const codes = new Set(Array.from({ length: 200 }, generateOtp));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
  });

  it('are stored as a keyed hash that does not contain the code', () => {
    const hash = hashOtp(vault, '123456', binding);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(hashOtp(createVault(randomBytes(32)), '123456', binding)).not.toBe(hash);
  });

  it('match only the same code for the same challenge, session, merchant and amount', () => {
    const hash = hashOtp(vault, '123456', binding);
    expect(otpMatches(vault, '123456', hash, binding)).toBe(true);
    expect(otpMatches(vault, ' 123 456 ', hash, binding)).toBe(true);
    expect(otpMatches(vault, '123457', hash, binding)).toBe(false);
    expect(otpMatches(vault, '123456', hash, { ...binding, amountCents: 4881 })).toBe(false);
    expect(otpMatches(vault, '123456', hash, { ...binding, merchantId: 'other' })).toBe(false);
    expect(otpMatches(vault, '123456', hash, { ...binding, paymentSessionId: 'ps_2' })).toBe(false);
    expect(otpMatches(vault, '123456', hash, { ...binding, challengeId: 'chl_2' })).toBe(false);
    expect(otpMatches(vault, 'abcdef', hash, binding)).toBe(false);
  });
});
