import { describe, expect, test } from 'vitest';
import { newTotpSecret, totpCodeAt, totpEnrolment, totpStepOf } from './totp.ts';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-12-02T10:00:10Z');

  test('the code of now is accepted, for the step of now', () => {
    expect(totpStepOf(secret, totpCodeAt(secret, now), now)).toBe(Math.floor(now.getTime() / 30_000));
  });

  test('a code of the previous step is still accepted; one of two minutes ago is not', () => {
    expect(totpStepOf(secret, totpCodeAt(secret, new Date(now.getTime() - 30_000)), now)).not.toBeNull();
    expect(totpStepOf(secret, totpCodeAt(secret, new Date(now.getTime() - 120_000)), now)).toBeNull();
  });

  test('anything but six digits is refused without a check', () => {
    expect(totpStepOf(secret, '12345', now)).toBeNull();
    expect(totpStepOf(secret, 'abcdef', now)).toBeNull();
  });

  test('the enrolment carries the account and an SVG QR code', async () => {
    const { uri, qrSvg } = await totpEnrolment(secret, { email: 'op@example.com', issuer: 'Cassa' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Cassa:op%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg/);
  });
});
