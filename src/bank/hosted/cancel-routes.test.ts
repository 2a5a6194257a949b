import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../testing/hosted-client.ts';

/** "Annulla pagamento" on the bank's own pages, over real HTTP: the customer's way out, which charges nothing. */
describe.each(testDatabaseKinds())('the customer cancelling on the hosted pages on %s', (kind) => {
  let bank: TestBank;
  let merchant: TestMerchant;

  beforeAll(async () => {
    bank = await startTestBank(kind);
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

  const apiSession = async (id: string) => (await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`)).body;

  it('on the card form: the session ends cancelled by the customer and the browser goes back to the shop, signed', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    expect(customer.lastHtml).toContain('Annulla pagamento');
    await customer.post(`/pay/${id}/cancel`, {});
    // The result page answers the POST (a redirect straight to the shop would break the card form's form-action)
    // and sends the browser on to "torna al negozio" by itself.
    expect(customer.lastUrl).toBe(`${bank.baseUrl}/pay/${id}/result`);
    expect(customer.lastHtml).toContain('Pagamento annullato');
    expect(customer.lastHtml).not.toContain('dal negozio');
    expect(customer.lastHtml).toContain(`<meta http-equiv="refresh" content="0;url=/pay/${id}/return">`);
    expect(customer.lastHtml).toContain('torna al negozio');
    await customer.get(`/pay/${id}/return`);
    expect(customer.lastUrl).toMatch(new RegExp(`^http://shop\\.test/return\\?session_id=${id}&status=cancelled&`));
    expect(await apiSession(id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'customer',
      authorization_code: null,
      amount_captured: 0,
    });
    const history = await bank.database.db
      .selectFrom('payment_session_events')
      .select(['to_status', 'reason'])
      .where('payment_session_id', '=', id)
      .orderBy('id')
      .execute();
    expect(history.at(-1)).toEqual({ to_status: 'cancelled', reason: 'by the customer' });
  });

  it('a card typed after cancelling, in the same browser, is not taken and authorizes nothing', async () => {
    const { id, url } = await newSession({ save_card: true });
    const customer = new HostedClient(bank);
    await customer.get(url);
    const csrf = customer.csrf();
    await customer.post(`/pay/${id}/cancel`, { csrf });
    await customer.post(`/pay/${id}/card`, {
      csrf,
      holder: 'Mario Rossi',
      number: '5555 5555 5555 4444',
      expiry: '12/34',
      cvv: '123',
    });
    expect(customer.lastUrl).toBe(`${bank.baseUrl}/pay/${id}/result`);
    expect(await apiSession(id)).toMatchObject({ status: 'cancelled', card: null, payment_method: null });
  });

  it('on the Riepilogo: nothing is sent to 3-D Secure, and "Invio dati" afterwards starts nothing', async () => {
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
    const csrf = customer.csrf();
    await customer.post(`/pay/${id}/cancel`, { csrf });
    await customer.post(`/pay/${id}/submit`, { csrf });
    const challenges = await bank.database.db
      .selectFrom('challenges')
      .select('id')
      .where('payment_session_id', '=', id)
      .execute();
    expect(challenges).toEqual([]);
    const row = await bank.database.db
      .selectFrom('payment_sessions as s')
      .innerJoin('cards as c', 'c.token', 's.card_token')
      .select(['s.status', 's.cancel_reason', 'c.pan_ciphertext'])
      .where('s.id', '=', id)
      .executeTakeFirstOrThrow();
    // The typed card's number is erased with the session's end, as with any other ending.
    expect(row).toEqual({ status: 'cancelled', cancel_reason: 'customer', pan_ciphertext: '' });
  });

  it('during the SMS challenge: the right code no longer authorizes it, and the challenge is closed', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(url, { number: '4242424242424242' });
    expect(customer.lastHtml).toContain('Annulla pagamento');
    const code = await otpFromSms(bank, id);
    const csrf = customer.csrf();
    await customer.post(`/pay/${id}/cancel`, { csrf });
    await customer.post(`/pay/${id}/otp`, { csrf, code });
    expect(await apiSession(id)).toMatchObject({ status: 'cancelled', cancel_reason: 'customer', amount_captured: 0 });
    const challenge = await bank.database.db
      .selectFrom('challenges')
      .select('status')
      .where('payment_session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(challenge.status).toBe('cancelled');
  });

  it('while the bank app waits: an approval afterwards finds nothing to approve', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(url, { number: '4000000000003220' });
    expect(customer.lastHtml).toContain('Annulla pagamento');
    const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as {
      payment_session_id: string;
      approve_url: string;
    }[];
    const approval = approvals.find((a) => a.payment_session_id === id)!;
    await customer.post(`/pay/${id}/cancel`, {});
    const answer = await fetch(`${bank.baseUrl}${approval.approve_url}`, { method: 'POST', redirect: 'manual' });
    expect(answer.headers.get('location')).toContain('done=gone');
    expect(await apiSession(id)).toMatchObject({ status: 'cancelled', cancel_reason: 'customer' });
  });

  it('tells the merchant who cancelled: the notification says customer, a cancel through the API says merchant', async () => {
    const mine = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(mine.url);
    await customer.post(`/pay/${mine.id}/cancel`, {});
    const theirs = await newSession();
    await new HostedClient(bank).get(theirs.url);
    await callApi(bank, merchant, 'POST', `/payment-sessions/${theirs.id}/cancel`, { body: {} });
    expect((await apiSession(theirs.id)).cancel_reason).toBe('merchant');
    const payload = await bank.database.db
      .selectFrom('notifications')
      .select('payload')
      .where('payment_session_id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(payload.payload)).toMatchObject({
      type: 'payment_session.cancelled',
      payment_session: { id: mine.id, status: 'cancelled', cancel_reason: 'customer' },
    });
  });

  it('a cancel that arrives after the payment ended changes nothing', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    const csrf = customer.csrf();
    await customer.enterCardAndSubmit(url, { number: '5555555555554444' });
    expect(customer.lastHtml).toContain('Pagamento autorizzato');
    await customer.post(`/pay/${id}/cancel`, { csrf });
    expect(customer.lastHtml).toContain('Pagamento autorizzato');
    expect(await apiSession(id)).toMatchObject({ status: 'captured', cancel_reason: null });
  });

  it('refuses a cancel from another browser or without the form token', async () => {
    const { id, url } = await newSession();
    const customer = new HostedClient(bank);
    await customer.get(url);
    const intruder = new HostedClient(bank);
    await intruder.post(`/pay/${id}/cancel`, { csrf: customer.csrf() });
    expect(intruder.lastStatus).toBe(403);
    await customer.post(`/pay/${id}/cancel`, { csrf: 'f'.repeat(64) });
    expect(customer.lastStatus).toBe(403);
    expect((await apiSession(id)).status).toBe('awaiting_card');
  });
});
