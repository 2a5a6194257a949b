import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestMerchant,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../../bank/testing/bank-test-kit.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { systemClock } from '../../shared/clock.ts';
import { runWithRequestId } from '../../shared/request-context.ts';
import { GatewayError } from './payment-gateway.ts';
import { SandboxBankAdapter } from './sandbox-bank-adapter.ts';
import { mapBankStatus } from './sandbox-bank-wire.ts';

/** What only this adapter does; what every adapter must do is the contract suite (sandbox-gateway.contract.test.ts). */
describe('the sandbox bank status mapping', () => {
  it('maps every bank status, and refuses one it does not know', () => {
    expect(mapBankStatus('created', null)).toEqual({ status: 'pending', declineReason: null });
    expect(mapBankStatus('awaiting_card', null)).toEqual({ status: 'pending', declineReason: null });
    expect(mapBankStatus('authenticating', null)).toEqual({ status: 'authenticating', declineReason: null });
    expect(mapBankStatus('authorized', null)).toEqual({ status: 'authorized', declineReason: null });
    expect(mapBankStatus('captured', null)).toEqual({ status: 'captured', declineReason: null });
    expect(mapBankStatus('voided', null)).toEqual({ status: 'voided', declineReason: null });
    expect(mapBankStatus('cancelled', null)).toEqual({ status: 'cancelled', declineReason: null });
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
    expect(() => mapBankStatus('settled', null)).toThrow(GatewayError);
  });
});

describe('the sandbox bank adapter facing a server that answers nonsense', () => {
  let server: FastifyInstance;
  let origin: string;
  const warnings: object[] = [];

  beforeAll(async () => {
    server = Fastify();
    server.get('/api/v1/payment-sessions/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === 'ps_text') return reply.code(200).type('text/plain').send('surely not JSON');
      if (id === 'ps_down') return reply.code(503).send({ error: { code: 'internal_error' } });
      return { id, status: 'settled', merchant_reference: 'x', amount: '48.80' };
    });
    server.post('/api/v1/charges', async () => ({ object: 'charge' }));
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const adapter = () =>
    new SandboxBankAdapter({
      baseUrl: origin,
      merchantId: 'cassa',
      secrets: ['a-secret-of-32-characters-long!!'],
      clock: systemClock,
      logger: { warn: (details) => warnings.push(details) },
    });

  it('an answer that does not validate is retry_later malformed_answer, and logged', async () => {
    await expect(adapter().getPaymentSession('ps_1')).rejects.toMatchObject({
      kind: 'retry_later',
      code: 'malformed_answer',
    });
    await expect(
      adapter().chargeSavedCard({
        cardToken: 'card_1',
        amountCents: 100,
        currency: 'EUR',
        reference: 'r',
        idempotencyKey: 'k',
      }),
    ).rejects.toMatchObject({ kind: 'retry_later', code: 'malformed_answer' });
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(warnings[0])).toContain('status');
  });

  it('an answer that is not JSON, or a 5xx, is retry_later', async () => {
    await expect(adapter().getPaymentSession('ps_text')).rejects.toMatchObject({
      kind: 'retry_later',
      code: 'malformed_answer',
    });
    await expect(adapter().getPaymentSession('ps_down')).rejects.toMatchObject({
      kind: 'retry_later',
      code: 'internal_error',
    });
  });

  it('a bank nobody answers at is retry_later network', async () => {
    const unreachable = new SandboxBankAdapter({
      baseUrl: 'http://127.0.0.1:9',
      merchantId: 'cassa',
      secrets: ['a-secret-of-32-characters-long!!'],
      clock: systemClock,
    });
    await expect(unreachable.getPaymentSession('ps_x')).rejects.toMatchObject({ kind: 'retry_later', code: 'network' });
  });
});

describe.each(testDatabaseKinds())('the sandbox bank adapter over HTTP on %s', (kind) => {
  let bank: TestBank;
  let merchant: TestMerchant;
  let gateway: SandboxBankAdapter;

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

  it("carries the current request's id to the bank, whose log lines then share it", async () => {
    const found = await new Promise((resolve, reject) =>
      runWithRequestId('area-request-0042', () => {
        gateway.findPaymentSessions('no-such-reference').then(resolve, reject);
      }),
    );
    expect(found).toEqual([]);
    const lines = bank.logs.map((line) => JSON.parse(line) as { reqId?: string; url?: string; msg?: string });
    expect(lines.some((l) => l.reqId === 'area-request-0042' && l.msg === 'request')).toBe(true);
  });

  const session = (reference: string) => ({
    reference,
    amountCents: 3538,
    currency: 'EUR' as const,
    description: 'PEC - ORD-2026-000001',
    customerReference: 'customer-1',
    returnUrl: `${merchant.origin}/return/x`,
    notifyUrl: `${merchant.origin}/notifications/bank`,
    saveCard: true,
    locale: 'it' as const,
    capture: 'automatic' as const,
    idempotencyKey: `${reference}:session`,
  });

  it("keeps the bank's refusal code for the logs", async () => {
    await expect(
      gateway.createPaymentSession({ ...session('d2'), notifyUrl: 'https://evil.example/n' }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'url_not_allowed' });
  });

  it('a key the bank is still processing is in_progress', async () => {
    const created = await gateway.createPaymentSession(session('busy'));
    // The bank as it is while the first request with this key is still running (its claim taken, no answer yet).
    await bank.database.db
      .updateTable('idempotency_keys')
      .set({ status: 'in_progress', response_status: null, response_body: null, locked_at: new Date() })
      .where('merchant_id', '=', merchant.id)
      .where('key', '=', 'busy:session')
      .execute();
    await expect(gateway.createPaymentSession(session('busy'))).rejects.toMatchObject({
      kind: 'in_progress',
      code: 'idempotency_key_in_use',
    });
    expect(created.status).toBe('pending');
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
    expect(first).toMatchObject({ brand: 'mastercard', last4: '4444', expMonth: 12, expYear: 2031 });
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
