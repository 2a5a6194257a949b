import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { verifySignature } from '../../shared/signing.ts';
import { returnPayload } from '../hosted/return-url.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient } from '../testing/hosted-client.ts';
import { ensureMerchant } from './ensure-merchant.ts';

/**
 * The bank keeps merchants in memory (MerchantCache); a change made by ensureMerchant from anywhere — this process or
 * another one on the same database — must count from the very next request, never from a later one.
 */
describe.each(testDatabaseKinds())('cached merchants on %s', (kind) => {
  let bank: TestBank;
  beforeAll(async () => {
    bank = await startTestBank(kind);
  });
  afterAll(async () => {
    await bank?.close();
  });

  /** The merchant's data changed behind the running app's back, on its database, as another process would. */
  async function reregister(merchant: TestMerchant, change: { secrets: string[]; origins: string[] }) {
    await ensureMerchant(bank.database.db, {
      id: merchant.id,
      name: 'Negozio di prova',
      secrets: change.secrets,
      allowedOrigins: change.origins,
    });
  }

  it('honours a new secret and refuses a removed one at once', async () => {
    const merchant = await createTestMerchant(bank);
    expect(
      (await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) })).status,
    ).toBe(201);
    const next = `${merchant.secret}-next`;
    await reregister(merchant, { secrets: [next], origins: [merchant.origin] });

    const withNew = await callApi(bank, merchant, 'POST', '/payment-sessions', {
      body: sessionRequest(merchant),
      secret: next,
    });
    expect(withNew.status).toBe(201);
    const withOld = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
    expect(withOld.status).toBe(401);
    expect(withOld.body.error.code).toBe('signature_invalid');
  });

  it('refuses a removed secret at once even if no new one was used since', async () => {
    const merchant = await createTestMerchant(bank);
    const other = `${merchant.secret}-other`;
    await reregister(merchant, { secrets: [merchant.secret, other], origins: [merchant.origin] });
    expect((await callApi(bank, merchant, 'GET', '/payment-sessions?merchant_reference=x')).status).toBe(200);
    await reregister(merchant, { secrets: [other], origins: [merchant.origin] });
    expect((await callApi(bank, merchant, 'GET', '/payment-sessions?merchant_reference=x')).status).toBe(401);
  });

  it('honours a new allowed origin and refuses a removed one at once', async () => {
    const merchant = await createTestMerchant(bank);
    expect(
      (await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) })).status,
    ).toBe(201);
    const moved = { ...merchant, origin: 'https://new-shop.test' };
    await reregister(merchant, { secrets: [merchant.secret], origins: [moved.origin] });

    expect((await callApi(bank, moved, 'POST', '/payment-sessions', { body: sessionRequest(moved) })).status).toBe(201);
    const old = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
    expect(old.status).toBe(422);
    expect(old.body.error.code).toBe('url_not_allowed');
  });

  it('signs the return to the shop with the current secret at once', async () => {
    const merchant = await createTestMerchant(bank);
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
    const id: string = created.body.id;
    const client = new HostedClient(bank);
    await client.enterCardAndSubmit(created.body.redirect_url, { number: '5555555555554444' });
    await client.get(`/pay/${id}/result`);
    await client.get(`/pay/${id}/return`);
    const next = `${merchant.secret}-next`;
    await reregister(merchant, { secrets: [next], origins: [merchant.origin] });

    await client.get(`/pay/${id}/return`);
    const back = new URL(client.lastUrl);
    expect(back.origin).toBe(merchant.origin);
    const status = back.searchParams.get('status') ?? '';
    const check = verifySignature({
      header: back.searchParams.get('signature') ?? undefined,
      payload: returnPayload(id, status),
      secrets: [next],
    });
    expect(check.ok).toBe(true);
  });
});
