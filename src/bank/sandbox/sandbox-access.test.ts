import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { SANDBOX_TOKEN_COOKIE } from '../../shared/sandbox-access.ts';
import { startTestBank, type TestBank } from '../testing/bank-test-kit.ts';

const TOKEN = 'public-demo-sandbox-token-0123';

/** A public demo's sandbox bank: the cardholders' phone and app need the token; the payment pages do not. */
describe.each(testDatabaseKinds())('the sandbox pages behind the access token (%s)', (kind) => {
  let bank: TestBank;
  let open: TestBank;
  beforeAll(async () => {
    bank = await startTestBank(kind, { config: { sandboxToken: TOKEN } });
    open = await startTestBank(kind);
  });
  afterAll(async () => {
    await bank?.close();
    await open?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${bank.baseUrl}${path}`, { headers, redirect: 'manual' });

  it('answers 401 without the token on /sms, /sms.json, /app, /app.json and an approval, saying what is missing', async () => {
    for (const path of ['/sms', '/sms.json', '/app', '/app.json', '/sms.json?token=wrong-token-wrong-token']) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sandbox"');
      expect(await response.text()).toContain('SANDBOX_TOKEN');
    }
    const approve = await fetch(`${bank.baseUrl}/app/requests/chl_${'0'.repeat(32)}/approve`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(approve.status).toBe(401);
    expect((await get('/sms.json', { cookie: `${SANDBOX_TOKEN_COOKIE}=nope` })).status).toBe(401);
  });

  it('opens with the token as a bearer, or from a shared link that leaves it in a cookie and out of the address', async () => {
    const bearer = await get('/sms.json', { authorization: `Bearer ${TOKEN}` });
    expect(bearer.status).toBe(200);
    expect(Array.isArray(await bearer.json())).toBe(true);
    const link = await get(`/app?lang=en&token=${TOKEN}`);
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/app?lang=en');
    const cookie = link.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SANDBOX_TOKEN_COOKIE}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict$`));
    const page = await get('/app?lang=en', { cookie: cookie.split(';')[0] ?? '' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Test environment: no real money moves.');
  });

  it('leaves the payment pages and health open, and asks nothing on a developer machine', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/pay/ps_unknown')).status).not.toBe(401);
    expect((await fetch(`${open.baseUrl}/sms.json`)).status).toBe(200);
  });

  it('says "Ambiente di prova" at the top of every page, and sends HSTS only over https', async () => {
    const page = await (await fetch(`${open.baseUrl}/sms`)).text();
    expect(page).toMatch(/<body><p class="sandbox-banner">Ambiente di prova: nessun addebito reale.<\/p><header/);
    expect((await fetch(`${open.baseUrl}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const https = await startTestBank(kind, { config: { publicUrl: 'https://bank.example.com' } });
    try {
      const response = await fetch(`${https.baseUrl}/healthz`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await https.close();
    }
  });
});
