import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { signRequest } from '../../shared/signing.ts';
import { ensureMerchant } from '../merchants/ensure-merchant.ts';
import { expireDueSessions } from '../sessions/expire-sessions.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../testing/hosted-client.ts';
import { assertNoCardDataLeaked } from '../testing/leak-check.ts';
import { purgeSignatureNonces } from './signature-nonces.ts';

/**
 * The merchant API's contract, over real HTTP against a running bank: what a merchant's gateway adapter relies on.
 * A later adapter for a real bank must keep these promises too.
 */
describe.each(testDatabaseKinds())('merchant API contract on %s', (kind) => {
  let bank: TestBank;
  let merchant: TestMerchant;
  const usedNumbers = new Set<string>();
  const CVV = '735';

  beforeAll(async () => {
    bank = await startTestBank(kind);
    merchant = await createTestMerchant(bank);
  });
  afterAll(async () => {
    await bank?.close();
  });

  /** Creates a session and takes the customer through the hosted pages; the card number decides the path. */
  async function pay(number: string, overrides: Record<string, unknown> = {}, who: TestMerchant = merchant) {
    usedNumbers.add(number);
    const created = await callApi(bank, who, 'POST', '/payment-sessions', { body: sessionRequest(who, overrides) });
    expect(created.status).toBe(201);
    const client = new HostedClient(bank);
    if (overrides.card_token) await client.get(created.body.redirect_url);
    else await client.enterCardAndSubmit(created.body.redirect_url, { number, cvv: CVV });
    const id: string = created.body.id;
    if (client.lastHtml.includes('name="code"')) {
      await client.post(`/pay/${id}/otp`, { code: await otpFromSms(bank, id) });
    } else if (client.lastUrl.endsWith('/challenge')) {
      const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as {
        payment_session_id: string;
        approve_url: string;
      }[];
      const approval = approvals.find((a) => a.payment_session_id === id)!;
      await fetch(`${bank.baseUrl}${approval.approve_url}`, { method: 'POST', redirect: 'manual' });
    }
    const session = await callApi(bank, who, 'GET', `/payment-sessions/${id}`);
    expect(session.status).toBe(200);
    return session.body;
  }

  describe('authentication', () => {
    it('accepts a request signed with the merchant secret', async () => {
      const response = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        status: 'created',
        redirect_url: expect.stringContaining(`${bank.baseUrl}/pay/ps_`),
      });
    });

    it('answers 401 with a code for a wrong, stale, missing or tampered signature, or an unknown merchant', async () => {
      const body = sessionRequest(merchant);
      const wrong = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body,
        secret: 'not-the-secret-at-all',
      });
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
      const stale = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body,
        now: new Date(Date.now() - 301_000),
      });
      expect(stale).toMatchObject({ status: 401, body: { error: { code: 'signature_expired' } } });
      const unknown = await callApi(
        bank,
        { ...merchant, id: 'nobody' },
        'GET',
        '/payment-sessions?merchant_reference=x',
      );
      expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'merchant_unknown' } } });

      const raw = JSON.stringify(body);
      const missing = await fetch(`${bank.baseUrl}/api/v1/payment-sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Cassa-Merchant': merchant.id, 'Idempotency-Key': 'k-missing' },
        body: raw,
      });
      expect(missing.status).toBe(401);
      expect(await missing.json()).toMatchObject({ error: { code: 'signature_missing' } });
      const tampered = await fetch(`${bank.baseUrl}/api/v1/payment-sessions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Cassa-Merchant': merchant.id,
          'Idempotency-Key': 'k-tampered',
          'Cassa-Signature': signRequest({
            secret: merchant.secret,
            method: 'POST',
            path: '/api/v1/payment-sessions',
            idempotencyKey: 'k-tampered',
            body: raw,
          }),
        },
        body: raw.replace('4880', '1'),
      });
      expect(tampered.status).toBe(401);
    });

    it('signs GET requests over method, path and query', async () => {
      const response = await fetch(`${bank.baseUrl}/api/v1/payment-sessions?merchant_reference=B`, {
        headers: {
          'Cassa-Merchant': merchant.id,
          'Cassa-Signature': signRequest({
            secret: merchant.secret,
            method: 'GET',
            path: '/api/v1/payment-sessions?merchant_reference=A',
          }),
        },
      });
      expect(response.status).toBe(401);
    });

    it('accepts a signature once: a captured signed charge cannot be replayed, not even under a fresh key', async () => {
      const saved = await pay('5555555555554444', { save_card: true });
      const body = JSON.stringify({
        card_token: saved.card.token,
        amount: 990,
        currency: 'EUR',
        merchant_reference: `REPLAY-${saved.id.slice(-6)}`,
        reason: 'recurring',
      });
      const signature = signRequest({
        secret: merchant.secret,
        method: 'POST',
        path: '/api/v1/charges',
        idempotencyKey: 'replay-a',
        body,
      });
      const send = (idempotencyKey: string) =>
        fetch(`${bank.baseUrl}/api/v1/charges`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'Cassa-Merchant': merchant.id,
            'Cassa-Signature': signature,
            'Idempotency-Key': idempotencyKey,
          },
          body,
        });
      const answers = [await send('replay-a'), await send('replay-b'), await send('replay-c')];
      expect(answers.map((a) => a.status)).toEqual([201, 401, 401]);
      // The key is signed: changing it alone breaks the signature; the same request again is a replay.
      expect(await answers[1]!.json()).toMatchObject({ error: { code: 'signature_invalid' } });
      expect(await (await send('replay-a')).json()).toMatchObject({ error: { code: 'signature_replayed' } });
      const charges = await bank.database.db
        .selectFrom('charges')
        .select('id')
        .where('card_token', '=', saved.card.token)
        .execute();
      expect(charges).toHaveLength(1);
    });

    it('50 concurrent identical reads, each signed afresh, all succeed', async () => {
      const session = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
      const reads = await Promise.all(
        Array.from({ length: 50 }, () => callApi(bank, merchant, 'GET', `/payment-sessions/${session.body.id}`)),
      );
      expect(reads.map((r) => r.status)).toEqual(Array(50).fill(200));
    });

    it('accepts both secrets during a rotation', async () => {
      const rotating = await createTestMerchant(bank);
      const next = `${rotating.secret}-next`;
      await ensureMerchant(bank.database.db, {
        id: rotating.id,
        name: 'Negozio',
        secrets: [next, rotating.secret],
        allowedOrigins: [rotating.origin],
      });
      for (const secret of [next, rotating.secret]) {
        const response = await callApi(bank, rotating, 'POST', '/payment-sessions', {
          body: sessionRequest(rotating),
          secret,
        });
        expect(response.status).toBe(201);
      }
      await ensureMerchant(bank.database.db, {
        id: rotating.id,
        name: 'Negozio',
        secrets: [next],
        allowedOrigins: [rotating.origin],
      });
      const retired = await callApi(bank, rotating, 'POST', '/payment-sessions', { body: sessionRequest(rotating) });
      expect(retired.status).toBe(401);
    });
  });

  it('publishes its OpenAPI description without a signature, with request schemas the bank enforces', async () => {
    const response = await fetch(`${bank.baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
    const document: any = await response.json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/payment-sessions',
        '/payment-sessions/{id}',
        '/payment-sessions/{id}/capture',
        '/payment-sessions/{id}/void',
        '/payment-sessions/{id}/cancel',
        '/charges',
        '/refunds',
        '/cards/{token}',
      ]),
    );
    const create = document.paths['/payment-sessions'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(
      expect.arrayContaining([
        'merchant_reference',
        'amount',
        'currency',
        'customer_reference',
        'return_url',
        'notify_url',
      ]),
    );
    expect(create.additionalProperties).toBe(false);
  });

  describe('validation', () => {
    it('refuses amounts that are not integer cents, unknown fields and foreign URLs with clear 4xx codes', async () => {
      const float = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant, { amount: 48.8 }),
      });
      expect(float).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_request', details: [{ path: 'amount' }] } },
      });
      const extra = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant, { pan: '4242' }),
      });
      expect(extra.status).toBe(400);
      const foreign = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant, { notify_url: 'https://evil.example/notify' }),
      });
      expect(foreign).toMatchObject({ status: 422, body: { error: { code: 'url_not_allowed' } } });
      const badJson = await callApi(bank, merchant, 'POST', '/payment-sessions', { rawBody: '{"amount":' });
      expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    });

    it('answers malformed bodies, odd ids and control characters with a 4xx, never a 500', async () => {
      const bodies = ['null', '[]', '"x"', '1', '{}', '', '{"amount":1e400}', '{"__proto__":{"x":1}}'];
      for (const rawBody of bodies) {
        for (const path of ['/payment-sessions', '/charges', '/refunds']) {
          const response = await callApi(bank, merchant, 'POST', path, { rawBody });
          expect(response.status, `${path} ${rawBody}`).toBe(400);
        }
      }
      const nul = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant, { description: 'PEC\u0000' }),
      });
      expect(nul.status).toBe(400);
      for (const path of [
        '/payment-sessions/%00',
        '/payment-sessions/a%20b',
        '/charges/%E2%82%AC',
        '/payment-sessions?merchant_reference=%00',
      ]) {
        const response = await callApi(bank, merchant, 'GET', path);
        expect(response.status, path).toBeGreaterThanOrEqual(400);
        expect(response.status, path).toBeLessThan(500);
      }
      expect((await callApi(bank, merchant, 'DELETE', '/cards/%00')).status).toBe(400);
      const text = await fetch(`${bank.baseUrl}/api/v1/charges`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'Cassa-Merchant': merchant.id,
          'Idempotency-Key': 'k-text',
          'Cassa-Signature': signRequest({
            secret: merchant.secret,
            method: 'POST',
            path: '/api/v1/charges',
            idempotencyKey: 'k-text',
            body: 'abc',
          }),
        },
        body: 'abc',
      });
      expect(text.status).toBe(415);
      const big = await callApi(bank, merchant, 'POST', '/charges', {
        rawBody: JSON.stringify({ x: 'y'.repeat(100_000) }),
      });
      expect(big.status).toBe(413);
    });

    it('needs an Idempotency-Key on every POST', async () => {
      const raw = JSON.stringify(sessionRequest(merchant));
      const response = await fetch(`${bank.baseUrl}/api/v1/payment-sessions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Cassa-Merchant': merchant.id,
          'Cassa-Signature': signRequest({
            secret: merchant.secret,
            method: 'POST',
            path: '/api/v1/payment-sessions',
            body: raw,
          }),
        },
        body: raw,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'idempotency_key_missing' } });
    });
  });

  describe('idempotency', () => {
    it('replays the first response for the same key and body, and creates one session', async () => {
      const body = sessionRequest(merchant);
      const first = await callApi(bank, merchant, 'POST', '/payment-sessions', { body, idempotencyKey: 'replay-1' });
      const second = await callApi(bank, merchant, 'POST', '/payment-sessions', { body, idempotencyKey: 'replay-1' });
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const rows = await bank.database.db
        .selectFrom('payment_sessions')
        .select('id')
        .where('merchant_reference', '=', body.merchant_reference as string)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('answers 422 idempotency_key_reused for the same key with another body', async () => {
      await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant),
        idempotencyKey: 'reuse-1',
      });
      const other = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant),
        idempotencyKey: 'reuse-1',
      });
      expect(other).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
    });

    it('concurrent requests with one key create exactly one session; the others replay it or get 409', async () => {
      const body = sessionRequest(merchant);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          callApi(bank, merchant, 'POST', '/payment-sessions', { body, idempotencyKey: 'race-1' }),
        ),
      );
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of responses.filter((r) => r.status !== 201)) {
        expect(r).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_in_use' } } });
      }
      const rows = await bank.database.db
        .selectFrom('payment_sessions')
        .select('id')
        .where('merchant_reference', '=', body.merchant_reference as string)
        .execute();
      expect(rows).toHaveLength(1);
    });
  });

  describe('payment sessions and the test cards', () => {
    it('4242 4242 4242 4242: SMS challenge, then authorized, with the saved card when asked', async () => {
      const session = await pay('4242424242424242', { save_card: true });
      expect(session).toMatchObject({
        status: 'captured',
        three_ds: { method: 'sms', trans_status: 'Y', eci: '05' },
        authorization_code: expect.stringMatching(/^[0-9A-F]{6}$/),
        card: {
          token: expect.stringMatching(/^card_/),
          brand: 'visa',
          last4: '4242',
          exp_month: 12,
          exp_year: 2034,
          holder: 'Mario Rossi',
        },
      });
    });

    it('without save_card the card is not returned, only its brand and last four digits', async () => {
      const session = await pay('4242424242424242');
      expect(session).toMatchObject({
        status: 'captured',
        card: null,
        payment_method: { brand: 'visa', last4: '4242' },
      });
    });

    it('4000 0000 0000 3220: approved in the bank app', async () => {
      expect(await pay('4000000000003220')).toMatchObject({
        status: 'captured',
        three_ds: { method: 'app', trans_status: 'Y' },
      });
    });

    it('5555 5555 5555 4444: frictionless and approved', async () => {
      expect(await pay('5555555555554444')).toMatchObject({
        status: 'captured',
        three_ds: { method: 'frictionless', trans_status: 'Y', eci: '02' },
      });
    });

    it.each([
      ['4000000000009995', 'declined', 'insufficient_funds', 'soft'],
      ['4000000000000002', 'declined', 'do_not_honor', 'hard'],
      ['4000000000000069', 'declined', 'expired_card', 'hard'],
      ['4000000000000119', 'failed', 'processing_error', 'soft'],
    ])('%s ends %s with %s (%s)', async (number, status, code, type) => {
      const session = await pay(number, { save_card: true });
      expect(session).toMatchObject({
        status,
        decline_code: code,
        decline_type: type,
        card: null,
        authorization_code: null,
      });
    });

    it('any other valid number is challenged by SMS and approved', async () => {
      expect(await pay('4111111111111111')).toMatchObject({ status: 'captured', three_ds: { method: 'sms' } });
    });

    it('a saved card skips the card form and goes straight to 3-D Secure', async () => {
      const first = await pay('5555555555554444', { save_card: true, customer_reference: 'cust-saved' });
      const again = await pay('5555555555554444', { card_token: first.card.token, customer_reference: 'cust-saved' });
      expect(again).toMatchObject({ status: 'captured', card: { token: first.card.token }, save_card: false });
      const sms = await pay('4242424242424242', { save_card: true, customer_reference: 'cust-saved' });
      expect(
        await pay('4242424242424242', { card_token: sms.card.token, customer_reference: 'cust-saved' }),
      ).toMatchObject({
        status: 'captured',
        three_ds: { method: 'sms' },
      });
    });

    it("refuses another customer's or another merchant's card token", async () => {
      const saved = await pay('5555555555554444', { save_card: true, customer_reference: 'owner' });
      const otherCustomer = await callApi(bank, merchant, 'POST', '/payment-sessions', {
        body: sessionRequest(merchant, { card_token: saved.card.token, customer_reference: 'someone-else' }),
      });
      expect(otherCustomer).toMatchObject({ status: 404, body: { error: { code: 'card_not_found' } } });
      const stranger = await createTestMerchant(bank);
      const otherMerchant = await callApi(bank, stranger, 'POST', '/charges', {
        body: {
          card_token: saved.card.token,
          amount: 100,
          currency: 'EUR',
          merchant_reference: 'R',
          reason: 'recurring',
        },
      });
      expect(otherMerchant.status).toBe(404);
      expect((await callApi(bank, stranger, 'GET', `/payment-sessions/${saved.id}`)).status).toBe(404);
    });

    it('lists the sessions of a merchant reference for reconciliation', async () => {
      const reference = `ORD-LIST-${Date.now()}`;
      await pay('5555555555554444', { merchant_reference: reference });
      await pay('4000000000000002', { merchant_reference: reference });
      const list = await callApi(bank, merchant, 'GET', `/payment-sessions?merchant_reference=${reference}`);
      expect(list.status).toBe(200);
      expect(list.body.data.map((s: { status: string }) => s.status).sort()).toEqual(['captured', 'declined']);
    });
  });

  describe('merchant-initiated charges', () => {
    const charge = (token: string, key?: string) =>
      callApi(bank, merchant, 'POST', '/charges', {
        body: { card_token: token, amount: 4880, currency: 'EUR', merchant_reference: 'REN-1', reason: 'recurring' },
        ...(key ? { idempotencyKey: key } : {}),
      });

    it('approves a charge on a saved card with an authorization code, once per idempotency key', async () => {
      const saved = await pay('4242424242424242', { save_card: true });
      const first = await charge(saved.card.token, 'charge-once');
      expect(first).toMatchObject({
        status: 201,
        body: { status: 'approved', authorization_code: expect.any(String), decline_code: null },
      });
      const again = await charge(saved.card.token, 'charge-once');
      expect(again.body.id).toBe(first.body.id);
      expect((await callApi(bank, merchant, 'GET', `/charges/${first.body.id}`)).body).toEqual(first.body);
    });

    it('4000 0000 0000 0341: first payment approved, later charges hard-declined', async () => {
      const saved = await pay('4000000000000341', { save_card: true });
      expect(saved.status).toBe('captured');
      expect((await charge(saved.card.token)).body).toMatchObject({
        status: 'declined',
        decline_code: 'do_not_honor',
        decline_type: 'hard',
      });
    });

    it('4000 0025 0000 3155: later charges soft-declined authentication_required', async () => {
      const saved = await pay('4000002500003155', { save_card: true });
      expect(saved.status).toBe('captured');
      expect((await charge(saved.card.token)).body).toMatchObject({
        status: 'declined',
        decline_code: 'authentication_required',
        decline_type: 'soft',
      });
    });

    it('a card paid without save_card cannot be charged', async () => {
      const session = await pay('4242424242424242');
      const token = (
        await bank.database.db
          .selectFrom('payment_sessions')
          .select('card_token')
          .where('id', '=', session.id)
          .executeTakeFirstOrThrow()
      ).card_token!;
      expect((await charge(token)).status).toBe(404);
    });
  });

  describe('sandbox card import (demo data)', () => {
    const body = {
      customer_reference: 'demo-1',
      number: '4000 0000 0000 0341',
      exp_month: 12,
      exp_year: 2034,
      holder: 'Demo',
    };

    it('saves a card without a payment, once per customer and number, and it can be charged', async () => {
      usedNumbers.add('4000000000000341');
      const first = await callApi(bank, merchant, 'POST', '/sandbox/cards', { body });
      expect(first).toMatchObject({
        status: 201,
        body: { token: expect.stringMatching(/^card_/), brand: 'visa', last4: '0341' },
      });
      const again = await callApi(bank, merchant, 'POST', '/sandbox/cards', { body });
      expect(again).toMatchObject({ status: 200, body: { token: first.body.token } });
      const charge = await callApi(bank, merchant, 'POST', '/charges', {
        body: {
          card_token: first.body.token,
          amount: 100,
          currency: 'EUR',
          merchant_reference: 'R',
          reason: 'recurring',
        },
      });
      expect(charge.body).toMatchObject({ status: 'declined', decline_code: 'do_not_honor' });
    });

    it('refuses an invalid or expired number', async () => {
      const luhn = await callApi(bank, merchant, 'POST', '/sandbox/cards', {
        body: { ...body, number: '4000 0000 0000 0342' },
      });
      expect(luhn).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
      const expired = await callApi(bank, merchant, 'POST', '/sandbox/cards', { body: { ...body, exp_year: 2020 } });
      expect(expired.status).toBe(400);
    });
  });

  describe('capture, void and cancel', () => {
    const post = (path: string, body: unknown, idempotencyKey?: string) =>
      callApi(bank, merchant, 'POST', path, { body, ...(idempotencyKey ? { idempotencyKey } : {}) });
    const capture = (id: string, body: unknown, key?: string) => post(`/payment-sessions/${id}/capture`, body, key);
    const voidIt = (id: string, key?: string) => post(`/payment-sessions/${id}/void`, {}, key);
    const cancel = (id: string, key?: string) => post(`/payment-sessions/${id}/cancel`, {}, key);
    const historyOf = async (id: string) =>
      (
        await bank.database.db
          .selectFrom('payment_session_events')
          .select('to_status')
          .where('payment_session_id', '=', id)
          .orderBy('id')
          .execute()
      ).map((e) => e.to_status);

    it('automatic capture (the default): authorized then captured in one go, both in the history', async () => {
      const session = await pay('5555555555554444');
      expect(session).toMatchObject({ status: 'captured', capture_method: 'automatic', amount_captured: 4880 });
      expect(await historyOf(session.id)).toEqual(['awaiting_card', 'authenticating', 'authorized', 'captured']);
    });

    it('manual capture: the session ends authorized, holding the money for 7 days; the capture takes it, once', async () => {
      const session = await pay('4242424242424242', { capture_method: 'manual' });
      expect(session).toMatchObject({ status: 'authorized', capture_method: 'manual', amount_captured: 0 });
      expect(Date.parse(session.authorization_expires_at) - Date.parse(session.completed_at)).toBe(7 * 86_400_000);
      expect(await post('/refunds', { payment_id: session.id, amount: 1 })).toMatchObject({
        status: 409,
        body: { error: { code: 'not_refundable' } },
      });
      const captured = await capture(session.id, {}, `cap-${session.id}`);
      expect(captured).toMatchObject({ status: 200, body: { status: 'captured', amount_captured: 4880 } });
      const replay = await capture(session.id, {}, `cap-${session.id}`);
      expect(replay.body).toEqual(captured.body);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await capture(session.id, {})).toMatchObject({ status: 409, body: { error: { code: 'not_capturable' } } });
      expect((await post('/refunds', { payment_id: session.id, amount: 4880 })).status).toBe(201);
    });

    it('a partial capture takes part and releases the rest; refunds are bounded by what was taken', async () => {
      const session = await pay('5555555555554444', { capture_method: 'manual' });
      expect(await capture(session.id, { amount: 4881 })).toMatchObject({
        status: 422,
        body: { error: { code: 'capture_exceeds_authorized', details: { capturable: 4880 } } },
      });
      expect((await capture(session.id, { amount: 48.5 })).status).toBe(400);
      expect((await capture(session.id, { amount: 3000 })).body).toMatchObject({
        status: 'captured',
        amount: 4880,
        amount_captured: 3000,
      });
      expect(await post('/refunds', { payment_id: session.id, amount: 3001 })).toMatchObject({
        status: 422,
        body: { error: { code: 'refund_exceeds_captured', details: { refundable: 3000 } } },
      });
      expect((await post('/refunds', { payment_id: session.id, amount: 1000 })).status).toBe(201);
      expect((await post('/refunds', { payment_id: session.id, amount: 2000 })).status).toBe(201);
    });

    it('a void releases an authorization, and answers it again; a captured session is refunded, not voided', async () => {
      const session = await pay('5555555555554444', { capture_method: 'manual' });
      expect(await voidIt(session.id)).toMatchObject({
        status: 200,
        body: { status: 'voided', void_reason: 'merchant', amount_captured: 0 },
      });
      expect(await voidIt(session.id)).toMatchObject({ status: 200, body: { status: 'voided' } });
      expect(await capture(session.id, {})).toMatchObject({ status: 409, body: { error: { code: 'not_capturable' } } });
      expect((await post('/refunds', { payment_id: session.id, amount: 1 })).status).toBe(409);
      const captured = await pay('5555555555554444');
      expect(await voidIt(captured.id)).toMatchObject({ status: 409, body: { error: { code: 'not_voidable' } } });
      const declined = await pay('4000000000000002', { capture_method: 'manual' });
      expect(await capture(declined.id, {})).toMatchObject({
        status: 409,
        body: { error: { code: 'not_capturable' } },
      });
    });

    it('cancel ends an open session and notifies it; an ended one is answered as it stands', async () => {
      const created = await post('/payment-sessions', sessionRequest(merchant, { capture_method: 'manual' }));
      const cancelled = await cancel(created.body.id, `cancel-${created.body.id}`);
      expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', completed_at: expect.any(String) } });
      expect((await cancel(created.body.id, `cancel-${created.body.id}`)).body).toEqual(cancelled.body);
      expect((await cancel(created.body.id)).body.status).toBe('cancelled');
      const notification = await bank.database.db
        .selectFrom('notifications')
        .select('payload')
        .where('payment_session_id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(notification.payload)).toMatchObject({
        type: 'payment_session.cancelled',
        payment_session: { id: created.body.id, status: 'cancelled' },
      });
      const authorized = await pay('5555555555554444', { capture_method: 'manual' });
      expect(await cancel(authorized.id)).toMatchObject({ status: 200, body: { status: 'authorized' } });
      const captured = await pay('5555555555554444');
      expect(await cancel(captured.id)).toMatchObject({ status: 200, body: { status: 'captured' } });
    });

    it("a cancel racing the customer's code: the session ends one way, and the cancel's answer says which", async () => {
      for (let round = 0; round < 3; round++) {
        const created = await post('/payment-sessions', sessionRequest(merchant));
        const id: string = created.body.id;
        const client = new HostedClient(bank);
        await client.enterCardAndSubmit(created.body.redirect_url, { number: '4242424242424242' });
        const code = await otpFromSms(bank, id);
        const [answer] = await Promise.all([cancel(id), client.post(`/pay/${id}/otp`, { code })]);
        const final = (await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`)).body;
        expect(['cancelled', 'captured']).toContain(final.status);
        expect(answer.body.status).toBe(final.status);
        expect(await historyOf(id)).toEqual(
          final.status === 'cancelled'
            ? ['awaiting_card', 'authenticating', 'cancelled']
            : ['awaiting_card', 'authenticating', 'authorized', 'captured'],
        );
      }
    });

    it("answers another merchant's session, or none, with 404", async () => {
      const session = await pay('5555555555554444', { capture_method: 'manual' });
      const stranger = await createTestMerchant(bank);
      for (const verb of ['capture', 'void', 'cancel']) {
        const response = await callApi(bank, stranger, 'POST', `/payment-sessions/${session.id}/${verb}`, { body: {} });
        expect(response, verb).toMatchObject({ status: 404, body: { error: { code: 'payment_session_not_found' } } });
      }
      expect((await voidIt('ps_00000000000000000000000000000000')).status).toBe(404);
      expect((await post(`/payment-sessions/${session.id}/void`, { reason: 'x' })).status).toBe(400);
    });

    it('lists the charges of a merchant reference, so a charge whose answer was lost is found, not repeated', async () => {
      const saved = await pay('5555555555554444', { save_card: true });
      const reference = `REN-LIST-${saved.id.slice(-6)}`;
      const charged = await post('/charges', {
        card_token: saved.card.token,
        amount: 700,
        currency: 'EUR',
        merchant_reference: reference,
        reason: 'recurring',
      });
      const list = await callApi(bank, merchant, 'GET', `/charges?merchant_reference=${reference}`);
      expect(list).toMatchObject({ status: 200, body: { object: 'list', data: [charged.body] } });
      expect((await callApi(bank, merchant, 'GET', '/charges?merchant_reference=nothing-like-it')).body.data).toEqual(
        [],
      );
    });
  });

  describe('refunds and card deletion', () => {
    it('refunds partially and fully, never more than captured', async () => {
      const session = await pay('5555555555554444');
      const refund = (amount: number) =>
        callApi(bank, merchant, 'POST', '/refunds', { body: { payment_id: session.id, amount } });
      expect(await refund(1000)).toMatchObject({
        status: 201,
        body: { status: 'succeeded', amount: 1000, payment_id: session.id },
      });
      expect(await refund(3881)).toMatchObject({
        status: 422,
        body: { error: { code: 'refund_exceeds_captured', details: { refundable: 3880 } } },
      });
      expect((await refund(3880)).status).toBe(201);
      expect((await callApi(bank, merchant, 'GET', `/payment-sessions/${session.id}`)).body.amount_refunded).toBe(4880);
      expect((await refund(1)).status).toBe(422);
    });

    it('concurrent refunds never exceed the captured amount', async () => {
      const session = await pay('5555555555554444');
      const responses = await Promise.all(
        Array.from({ length: 4 }, () =>
          callApi(bank, merchant, 'POST', '/refunds', { body: { payment_id: session.id, amount: 2000 } }),
        ),
      );
      expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
      expect(responses.filter((r) => r.status === 422).map((r) => r.body.error.code)).toEqual([
        'refund_exceeds_captured',
        'refund_exceeds_captured',
      ]);
      const refunds = await bank.database.db
        .selectFrom('refunds')
        .select('amount_cents')
        .where('payment_session_id', '=', session.id)
        .execute();
      expect(refunds.reduce((sum, r) => sum + r.amount_cents, 0)).toBe(4000);
    });

    it('refuses to refund a declined payment, and refunds a charge', async () => {
      const declined = await pay('4000000000000002');
      expect(
        await callApi(bank, merchant, 'POST', '/refunds', { body: { payment_id: declined.id, amount: 1 } }),
      ).toMatchObject({
        status: 409,
        body: { error: { code: 'not_refundable' } },
      });
      const saved = await pay('5555555555554444', { save_card: true });
      const charged = await callApi(bank, merchant, 'POST', '/charges', {
        body: {
          card_token: saved.card.token,
          amount: 500,
          currency: 'EUR',
          merchant_reference: 'R',
          reason: 'recurring',
        },
      });
      expect(
        await callApi(bank, merchant, 'POST', '/refunds', { body: { charge_id: charged.body.id, amount: 500 } }),
      ).toMatchObject({
        status: 201,
        body: { charge_id: charged.body.id },
      });
    });

    it('deletes a card: it can no longer be charged or paid with, and a second delete is 404', async () => {
      const saved = await pay('5555555555554444', { save_card: true });
      expect(await callApi(bank, merchant, 'DELETE', `/cards/${saved.card.token}`)).toMatchObject({
        status: 200,
        body: { deleted: true },
      });
      expect((await callApi(bank, merchant, 'DELETE', `/cards/${saved.card.token}`)).status).toBe(404);
      const charge = await callApi(bank, merchant, 'POST', '/charges', {
        body: {
          card_token: saved.card.token,
          amount: 100,
          currency: 'EUR',
          merchant_reference: 'R',
          reason: 'recurring',
        },
      });
      expect(charge).toMatchObject({ status: 404, body: { error: { code: 'card_not_found' } } });
      const row = await bank.database.db
        .selectFrom('cards')
        .select('pan_ciphertext')
        .where('token', '=', saved.card.token)
        .executeTakeFirstOrThrow();
      expect(row.pan_ciphertext).toBe('');
    });
  });

  it('after all of the above, no table outside the vault column and no log line holds a card number or the CVV', async () => {
    expect(usedNumbers.size).toBeGreaterThan(5);
    await assertNoCardDataLeaked(bank, [...usedNumbers], [CVV]);
    // The check itself can fail: the same dump with one leaked line is refused.
    await expect(
      assertNoCardDataLeaked(
        { ...bank, logs: [...bank.logs, '{"pan":"4242 4242 4242 4242"}'] },
        ['4242424242424242'],
        [CVV],
      ),
    ).rejects.toThrow(/card number/);
    await expect(
      assertNoCardDataLeaked({ ...bank, logs: [...bank.logs, `{"cvv":"${CVV}"}`] }, [], [CVV]),
    ).rejects.toThrow(/CVV/);
  });
});

/** Deadlines: the hold of an authorization, the memory of a signature; on a bank whose clock the test moves. */
describe.each(testDatabaseKinds())('merchant API deadlines on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let bank: TestBank;
  let merchant: TestMerchant;

  beforeAll(async () => {
    bank = await startTestBank(kind, { clock });
    merchant = await createTestMerchant(bank);
  });
  afterAll(async () => {
    await bank?.close();
  });

  const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    callApi(bank, merchant, method, path, { ...(body === undefined ? {} : { body }), now: clock.now() });
  const authorize = async () => {
    const created = await api('POST', '/payment-sessions', sessionRequest(merchant, { capture_method: 'manual' }));
    await new HostedClient(bank).enterCardAndSubmit(created.body.redirect_url, { number: '5555555555554444' });
    return created.body.id as string;
  };

  it('an authorization not captured within its 7 days is voided as lapsed: seen on GET, and by the sweep', async () => {
    const onGet = await authorize();
    const bySweep = await authorize();
    clock.advance(7 * 86_400_000 - 1000);
    expect((await api('GET', `/payment-sessions/${onGet}`)).body.status).toBe('authorized');
    clock.advance(2000);
    expect((await api('GET', `/payment-sessions/${onGet}`)).body).toMatchObject({
      status: 'voided',
      void_reason: 'lapsed',
      amount_captured: 0,
    });
    expect(await api('POST', `/payment-sessions/${onGet}/capture`, {})).toMatchObject({
      status: 409,
      body: { error: { code: 'not_capturable' } },
    });
    await expireDueSessions(bank.ctx);
    const swept = await bank.database.db
      .selectFrom('payment_sessions')
      .select(['status', 'void_reason'])
      .where('id', '=', bySweep)
      .executeTakeFirstOrThrow();
    expect(swept).toEqual({ status: 'voided', void_reason: 'lapsed' });
  });

  it('a capture asked just before the hold ends takes the money', async () => {
    const id = await authorize();
    clock.advance(7 * 86_400_000 - 1000);
    expect((await api('POST', `/payment-sessions/${id}/capture`, { amount: 100 })).body).toMatchObject({
      status: 'captured',
      amount_captured: 100,
    });
    clock.advance(2000);
    await expireDueSessions(bank.ctx);
    expect((await api('GET', `/payment-sessions/${id}`)).body.status).toBe('captured');
  });

  it("remembers a signature's nonce while it could be replayed, and forgets it once the signature is stale", async () => {
    const reader = await createTestMerchant(bank);
    const read = await callApi(bank, reader, 'GET', '/payment-sessions?merchant_reference=none', { now: clock.now() });
    expect(read.status).toBe(200);
    const kept = await bank.database.db
      .selectFrom('signature_nonces')
      .selectAll()
      .where('merchant_id', '=', reader.id)
      .executeTakeFirstOrThrow();
    expect(kept.expires_at.getTime()).toBe(Math.floor(clock.now().getTime() / 1000) * 1000 + 300_000);
    clock.advance(301_000);
    expect(await purgeSignatureNonces(bank.ctx)).toBeGreaterThanOrEqual(1);
    expect(await bank.database.db.selectFrom('signature_nonces').select('nonce').execute()).toEqual([]);
  });
});
