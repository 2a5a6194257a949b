import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../testing/hosted-client.ts';

/** Wrong OTP codes counted per card, across payments, through the hosted pages over HTTP. */
describe.each(testDatabaseKinds())('the per-card OTP limit on %s', (kind) => {
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

  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  /** A customer's payment with this card up to the SMS challenge (or whatever the bank shows instead). */
  async function challenged(number: string, locale: 'it' | 'en' = 'it') {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', {
      body: sessionRequest(merchant, { locale }),
      now: clock.now(),
    });
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(created.body.redirect_url, { number });
    return { id: created.body.id as string, customer };
  }

  const sessionRow = (id: string) =>
    bank.database.db
      .selectFrom('payment_sessions')
      .select(['status', 'decline_code', 'trans_status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('after 10 wrong codes on one card within an hour, the bank refuses to challenge it; other cards go on', async () => {
    const tries: { id: string; customer: HostedClient }[] = [];
    for (let i = 0; i < 10; i++) {
      const attempt = await challenged('4242424242424242');
      expect(attempt.customer.lastHtml).toContain('name="code"');
      await attempt.customer.post(`/pay/${attempt.id}/otp`, { code: wrong(await otpFromSms(bank, attempt.id)) });
      tries.push(attempt);
      clock.advance(20_000);
    }
    // Nine sessions still wait for a code (one wrong try each); the tenth wrong code locked the card.
    expect(tries[8]!.customer.lastHtml).toContain('Codice errato');
    const tenth = tries[9]!;
    expect(tenth.customer.lastUrl).toBe(`${bank.baseUrl}/pay/${tenth.id}/result`);
    expect(tenth.customer.lastHtml).toContain('Carta temporaneamente bloccata');
    expect(tenth.customer.lastHtml).toContain('torna al negozio');
    expect(await sessionRow(tenth.id)).toEqual({
      status: 'failed',
      decline_code: 'authentication_failed',
      trans_status: 'R',
    });

    // A session already waiting: even the right code is no longer checked.
    const first = tries[0]!;
    await first.customer.post(`/pay/${first.id}/otp`, { code: await otpFromSms(bank, first.id) });
    expect(first.customer.lastHtml).toContain('Carta temporaneamente bloccata');
    expect((await sessionRow(first.id)).status).toBe('failed');

    // A new payment on that card: no code is sent, the page says why, in the customer's language.
    const next = await challenged('4242 4242 4242 4242', 'en');
    expect(next.customer.lastHtml).toContain('Card temporarily blocked');
    expect(next.customer.lastHtml).toContain('back to shop');
    expect(await sessionRow(next.id)).toEqual({
      status: 'failed',
      decline_code: 'authentication_failed',
      trans_status: 'R',
    });
    await expect(otpFromSms(bank, next.id)).rejects.toThrow(/no SMS code/);
    const api = await callApi(bank, merchant, 'GET', `/payment-sessions/${next.id}`, { now: clock.now() });
    expect(api.body).toMatchObject({ status: 'failed', decline_code: 'authentication_failed' });

    const other = await challenged('4111111111111111');
    await other.customer.post(`/pay/${other.id}/otp`, { code: await otpFromSms(bank, other.id) });
    expect(other.customer.lastHtml).toContain('Pagamento autorizzato');
  });

  it('the card is challenged again once its wrong codes are more than an hour old', async () => {
    clock.advance(3600_000);
    const again = await challenged('4242424242424242');
    await again.customer.post(`/pay/${again.id}/otp`, { code: await otpFromSms(bank, again.id) });
    expect(again.customer.lastHtml).toContain('Pagamento autorizzato');
    expect((await sessionRow(again.id)).status).toBe('captured');
  });
});
