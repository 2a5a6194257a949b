import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestMerchant,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../../bank/testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { systemClock } from '../../shared/clock.ts';
import { signPayload } from '../../shared/signing.ts';
import { GatewayError, type PaymentGateway } from './payment-gateway.ts';
import { mapBankStatus, SandboxBankAdapter } from './sandbox-bank-adapter.ts';

describe('the sandbox bank status mapping', () => {
  it('maps every bank status, and refuses one it does not know', () => {
    expect(mapBankStatus('created', null)).toEqual({ status: 'pending', declineReason: null });
    expect(mapBankStatus('awaiting_card', null)).toEqual({ status: 'pending', declineReason: null });
    expect(mapBankStatus('authenticating', null)).toEqual({ status: 'authenticating', declineReason: null });
    expect(mapBankStatus('authorized', null)).toEqual({ status: 'authorized', declineReason: null });
    expect(mapBankStatus('declined', 'insufficient_funds')).toEqual({
      status: 'declined',
      declineReason: 'insufficient_funds',
    });
    expect(mapBankStatus('failed', 'authentication_failed')).toEqual({
      status: 'failed',
      declineReason: 'authentication_failed',
    });
    expect(mapBankStatus('declined', 'something_new')).toEqual({ status: 'declined', declineReason: 'unknown' });
    expect(mapBankStatus('expired', null)).toEqual({ status: 'expired', declineReason: null });
    expect(mapBankStatus('captured', null)).toEqual({ status: 'captured', declineReason: null });
    expect(mapBankStatus('voided', null)).toEqual({ status: 'voided', declineReason: null });
    expect(mapBankStatus('cancelled', null)).toEqual({ status: 'cancelled', declineReason: null });
    expect(() => mapBankStatus('settled', null)).toThrow(GatewayError);
  });
});

/** The gateway port's contract, over real HTTP against a running Banca Sandbox. */
describe.each(testDatabaseKinds())('the sandbox bank adapter over HTTP on %s', (kind) => {
  let bank: TestBank;
  let merchant: TestMerchant;
  let gateway: PaymentGateway & SandboxBankAdapter;
  const session = (key: string, extra: Partial<Parameters<PaymentGateway['createPaymentSession']>[0]> = {}) => ({
    reference: `pa_${key}`,
    amountCents: 3538,
    currency: 'EUR' as const,
    description: 'PEC - ORD-2026-000001',
    customerReference: 'customer-1',
    returnUrl: `${merchant.origin}/return/x`,
    notifyUrl: `${merchant.origin}/notifications/bank`,
    saveCard: true,
    locale: 'it' as const,
    capture: 'automatic' as const,
    idempotencyKey: `${key}:session`,
    ...extra,
  });

  beforeAll(async () => {
    bank = await startTestBank(kind);
    merchant = await createTestMerchant(bank);
    gateway = new SandboxBankAdapter({
      baseUrl: bank.baseUrl,
      merchantId: merchant.id,
      secrets: [merchant.secret],
      clock: systemClock,
    });
  });
  afterAll(() => bank.close());

  it('creates a session idempotently, reads it, finds it by reference, and reports the saved card once authorized', async () => {
    const created = await gateway.createPaymentSession(session('a1'));
    expect(await gateway.createPaymentSession(session('a1'))).toEqual(created);
    expect(created).toMatchObject({ status: 'pending', reference: 'pa_a1', amountCents: 3538, savedCard: null });
    const client = new HostedClient(bank);
    await client.enterCardAndSubmit(created.redirectUrl, { number: '4242424242424242' });
    expect((await gateway.getPaymentSession(created.id))?.status).toBe('authenticating');
    await client.post(`/pay/${created.id}/otp`, { code: await otpFromSms(bank, created.id) });
    const authorized = await gateway.getPaymentSession(created.id);
    expect(authorized).toMatchObject({
      status: 'captured',
      amountCapturedCents: 3538,
      paymentMethod: { brand: 'visa', last4: '4242' },
      savedCard: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034, holder: 'Mario Rossi' },
    });
    expect((await gateway.findPaymentSessions('pa_a1')).map((s) => s.id)).toEqual([created.id]);
    expect(await gateway.getPaymentSession('ps_00000000000000000000000000000000')).toBeUndefined();

    const refund = await gateway.refund({
      paymentSessionId: created.id,
      amountCents: 3538,
      idempotencyKey: 'a1:refund',
    });
    expect(
      await gateway.refund({ paymentSessionId: created.id, amountCents: 3538, idempotencyKey: 'a1:refund' }),
    ).toEqual(refund);
    expect((await gateway.getPaymentSession(created.id))?.amountRefundedCents).toBe(3538);

    const charge = await gateway.chargeSavedCard({
      cardToken: authorized!.savedCard!.token,
      amountCents: 3538,
      currency: 'EUR',
      reference: 'renewal-1',
      idempotencyKey: 'renewal-1',
    });
    expect(charge).toMatchObject({ status: 'approved', declineReason: null });
  });

  it('maps a decline with its reason, and a refused request to a rejected GatewayError', async () => {
    const created = await gateway.createPaymentSession(session('d1'));
    await new HostedClient(bank).enterCardAndSubmit(created.redirectUrl, { number: '4000000000009995' });
    expect(await gateway.getPaymentSession(created.id)).toMatchObject({
      status: 'declined',
      declineReason: 'insufficient_funds',
      declineKind: 'soft',
    });
    await expect(
      gateway.createPaymentSession(session('d2', { notifyUrl: 'https://evil.example/n' })),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'url_not_allowed' });
    const unreachable = new SandboxBankAdapter({
      baseUrl: 'http://127.0.0.1:9',
      merchantId: merchant.id,
      secrets: [merchant.secret],
      clock: systemClock,
    });
    await expect(unreachable.getPaymentSession('ps_x')).rejects.toMatchObject({ kind: 'retry_later' });
  });

  it('verifies notifications: signed by the bank and fresh, or refused with the reason', async () => {
    const created = await gateway.createPaymentSession(session('n1'));
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'payment_session.created',
      payment_session: {
        id: created.id,
        status: 'created',
        merchant_reference: 'pa_n1',
        amount: 3538,
        currency: 'EUR',
        redirect_url: created.redirectUrl,
        decline_code: null,
        decline_type: null,
        authorization_code: null,
        amount_captured: 0,
        amount_refunded: 0,
        authorization_expires_at: null,
        payment_method: null,
        card: null,
      },
    });
    const ok = gateway.verifyNotification(body, signPayload(merchant.secret, body));
    expect(ok).toMatchObject({
      ok: true,
      notification: { eventId: 'evt_1', session: { id: created.id, status: 'pending' } },
    });
    expect(gateway.verifyNotification(body, undefined)).toEqual({ ok: false, reason: 'signature_missing' });
    expect(gateway.verifyNotification(body, signPayload('another-secret-entirely', body))).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(
      gateway.verifyNotification(body, signPayload(merchant.secret, body, new Date(Date.now() - 600_000))),
    ).toEqual({ ok: false, reason: 'signature_stale' });
    for (const malformed of ['{}', 'null', '[]', '3', '"x"']) {
      expect(gateway.verifyNotification(malformed, signPayload(merchant.secret, malformed))).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('saves a sandbox card without a payment, once per number and customer', async () => {
    const input = {
      customerReference: 'customer-9',
      number: '5555555555554444',
      expMonth: 12,
      expYear: 2031,
      holder: 'Mario Rossi',
    };
    const first = await gateway.saveSandboxCard({ ...input, idempotencyKey: 's1' });
    const again = await gateway.saveSandboxCard({ ...input, idempotencyKey: 's2' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ brand: 'mastercard', last4: '4444' });
    bank.config.production = true;
    try {
      await expect(gateway.saveSandboxCard({ ...input, idempotencyKey: 's3' })).rejects.toMatchObject({
        kind: 'rejected',
        code: 'not_found',
      });
    } finally {
      bank.config.production = false;
    }
  });
});
