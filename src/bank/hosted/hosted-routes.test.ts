import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../testing/hosted-client.ts';

/** The hosted pages over real HTTP, without a browser: binding, CSRF, double submits, expiry, sandbox pages. */
describe('hosted payment pages', () => {
  let bank: TestBank;
  let merchant: TestMerchant;

  beforeAll(async () => {
    bank = await startTestBank('pglite');
    merchant = await createTestMerchant(bank);
  });
  afterAll(async () => {
    await bank?.close();
  });

  async function newSession(overrides: Record<string, unknown> = {}): Promise<{ id: string; url: string }> {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', {
      body: sessionRequest(merchant, overrides),
    });
    return { id: created.body.id, url: created.body.redirect_url };
  }

  it('answers /healthz', async () => {
    const response = await fetch(`${bank.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('belongs to the first browser that opens it; another browser is refused', async () => {
    const { url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    expect(customer.lastStatus).toBe(200);
    expect(customer.lastHtml).toContain('Numero carta');
    const intruder = new HostedClient(bank);
    await intruder.get(url);
    expect(intruder.lastStatus).toBe(403);
    expect(intruder.lastHtml).toContain('aperto in un altro browser');
  });

  it('refuses a form posted without its CSRF token', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    const response = await customer.post(`/pay/${id}/card`, {
      csrf: 'f'.repeat(64),
      holder: 'M',
      number: '4242424242424242',
      expiry: '12/34',
      cvv: '123',
    });
    expect(customer.lastStatus).toBe(403);
    expect(response).toContain('Modulo non valido');
  });

  it('a double click on "Invio dati" sends one SMS and starts one challenge', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    await customer.post(`/pay/${id}/card`, {
      holder: 'Mario Rossi',
      number: '4242 4242 4242 4242',
      expiry: '12/34',
      cvv: '123',
    });
    const csrf = customer.csrf();
    await Promise.all([customer.post(`/pay/${id}/submit`, { csrf }), customer.post(`/pay/${id}/submit`, { csrf })]);
    const sms = await bank.database.db
      .selectFrom('sms_messages')
      .select('id')
      .where('payment_session_id', '=', id)
      .execute();
    const challenges = await bank.database.db
      .selectFrom('challenges')
      .select('id')
      .where('payment_session_id', '=', id)
      .execute();
    expect(sms).toHaveLength(1);
    expect(challenges).toHaveLength(1);
  });

  it('offers "Invia di nuovo" a limited number of times', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(url, { number: '4242424242424242' });
    expect(customer.lastHtml).toContain('Invia di nuovo');
    await customer.post(`/pay/${id}/otp/resend`, {});
    expect(customer.lastHtml).toContain('nuovo codice');
    await customer.post(`/pay/${id}/otp/resend`, {});
    expect(customer.lastHtml).not.toContain('Invia di nuovo');
    await customer.post(`/pay/${id}/otp`, { code: await otpFromSms(bank, id) });
    expect(customer.lastHtml).toContain('Pagamento autorizzato');
  });

  it('shows a session past its deadline as expired, with the way back to the shop', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    await bank.database.db
      .updateTable('payment_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    await customer.get(url);
    expect(customer.lastHtml).toContain('Tempo scaduto');
    expect(customer.lastHtml).toContain('torna al negozio');
    const api = await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`);
    expect(api.body.status).toBe('expired');
  });

  describe('a session the shop cancels', () => {
    const cancel = (id: string) => callApi(bank, merchant, 'POST', `/payment-sessions/${id}/cancel`, { body: {} });

    it('on the summary page: "Invio dati" then shows "Pagamento annullato dal negozio" and starts nothing', async () => {
      const { id, url } = await newSession();
      const customer = new HostedClient(bank);
      await customer.get(url);
      await customer.post(`/pay/${id}/card`, {
        holder: 'Mario Rossi',
        number: '4242 4242 4242 4242',
        expiry: '12/34',
        cvv: '123',
      });
      expect(customer.lastHtml).toContain('Invio dati');
      expect((await cancel(id)).body.status).toBe('cancelled');
      await customer.post(`/pay/${id}/submit`, {});
      expect(customer.lastUrl).toBe(`${bank.baseUrl}/pay/${id}/result`);
      expect(customer.lastHtml).toContain('Pagamento annullato dal negozio');
      expect(customer.lastHtml).toContain('torna al negozio');
      const challenges = await bank.database.db
        .selectFrom('challenges')
        .select('id')
        .where('payment_session_id', '=', id)
        .execute();
      expect(challenges).toHaveLength(0);
      await customer.get(`/pay/${id}/return`);
      expect(customer.lastUrl).toContain('status=cancelled');
    });

    it('on the card form: the card typed afterwards is not taken', async () => {
      const { id, url } = await newSession({ locale: 'en' });
      const customer = new HostedClient(bank);
      await customer.get(url);
      await cancel(id);
      await customer.post(`/pay/${id}/card`, {
        holder: 'Mario Rossi',
        number: '5555 5555 5555 4444',
        expiry: '12/34',
        cvv: '123',
      });
      expect(customer.lastHtml).toContain('Payment cancelled by the shop');
      const row = await bank.database.db
        .selectFrom('payment_sessions')
        .select(['status', 'card_token'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'cancelled', card_token: null });
    });

    it('during the SMS challenge: the right code no longer authorizes it', async () => {
      const { id, url } = await newSession();
      const customer = new HostedClient(bank);
      await customer.enterCardAndSubmit(url, { number: '4242424242424242' });
      const code = await otpFromSms(bank, id);
      await cancel(id);
      await customer.post(`/pay/${id}/otp`, { code });
      expect(customer.lastHtml).toContain('Pagamento annullato dal negozio');
      expect((await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`)).body).toMatchObject({
        status: 'cancelled',
        authorization_code: null,
      });
    });

    it('while the bank app waits: the approval finds nothing to approve', async () => {
      const { id, url } = await newSession();
      await new HostedClient(bank).enterCardAndSubmit(url, { number: '4000000000003220' });
      const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as {
        payment_session_id: string;
        approve_url: string;
      }[];
      const approval = approvals.find((a) => a.payment_session_id === id)!;
      await cancel(id);
      const answer = await fetch(`${bank.baseUrl}${approval.approve_url}`, { method: 'POST', redirect: 'manual' });
      expect(answer.headers.get('location')).toContain('done=gone');
      expect((await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`)).body.status).toBe('cancelled');
    });
  });

  it('lets the result page post only to the bank and the shop, and returns to the shop signed', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(url, { number: '5555555555554444' });
    expect(customer.lastUrl).toBe(`${bank.baseUrl}/pay/${id}/result`);
    expect(customer.lastHeaders.get('content-security-policy')).toContain("form-action 'self' http://shop.test;");
    // Another browser can neither see the result nor use its return link.
    expect((await fetch(customer.lastUrl)).status).toBe(403);
    await customer.get(`/pay/${id}/return`);
    expect(customer.lastUrl).toMatch(
      /^http:\/\/shop\.test\/return\?session_id=ps_[0-9a-f]{32}&status=captured&signature=t%3D\d+%2Cv1%3D[0-9a-f]{64}$/,
    );
  });

  it('answers unknown sessions, bad ids and oversized forms with a 4xx page, never a 500', async () => {
    for (const path of ['/pay/ps_00000000000000000000000000000000', '/pay/not-an-id/card', '/nothing-here']) {
      const response = await fetch(`${bank.baseUrl}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    await customer.post(`/pay/${id}/card`, {
      holder: 'Mario\u0000',
      number: '4242\u00004242',
      expiry: '12/\u000034',
      cvv: '1\u00003',
    });
    expect(customer.lastStatus).toBe(422);
    const big = await fetch(`${bank.baseUrl}/pay/${id}/card`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `holder=${'x'.repeat(40_000)}`,
    });
    expect(big.status).toBe(413);
    const json = await fetch(`${bank.baseUrl}/pay/${id}/card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
  });

  it('lists sent SMS newest first in /sms.json and on /sms', async () => {
    const first = await newSession();
    const second = await newSession();
    await new HostedClient(bank).enterCardAndSubmit(first.url, { number: '4242424242424242' });
    await new HostedClient(bank).enterCardAndSubmit(second.url, { number: '4111111111111111' });
    const messages = (await (await fetch(`${bank.baseUrl}/sms.json`)).json()) as Array<{
      text: string;
      payment_session_id: string;
    }>;
    expect(Object.keys(messages[0]!)).toEqual(expect.arrayContaining(['to', 'text', 'created_at']));
    const order = messages.map((m) => m.payment_session_id);
    expect(order).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(order.indexOf(second.id)).toBeLessThan(order.indexOf(first.id));
    expect(messages[0]!.text).toMatch(/\b\d{6}\b/);
    const page = await (await fetch(`${bank.baseUrl}/sms`)).text();
    expect(page).toContain('•••• 1111');
    expect(page).toContain(messages[0]!.text.replace(/'/g, '&#39;'));
  });
});
