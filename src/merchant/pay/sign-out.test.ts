import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { AREA_SESSION_COOKIE, buildAreaApp } from '../area/area-app.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { newAttemptPublicId } from '../payments/start-payment.ts';
import { marioOrder, openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { PAY_SESSION_COOKIE } from './pay-app.tsx';

// Pagamenti links back to Area Clienti at the address the kit's configuration gives it.
const AREA_URL = loadConfig({ NODE_ENV: 'test' }).publicUrls.area;

/** The header's "Esci": a POST form to /logout with the session's CSRF token and a real button. */
const logoutButton = (label: string) =>
  new RegExp(
    `<form method="post" action="/logout" class="inline-form"><input type="hidden" name="_csrf" value="[^"]+"\\s*/?>` +
      `<button type="submit" class="button button-secondary">${label}</button></form>`,
  );

describe.each(testDatabaseKinds())('one sign-out for Area Clienti and Pagamenti on %s', (kind) => {
  let kit: PaymentsKit;
  let area: FastifyInstance;
  let ipCounter = 0;

  // A bank, two apps and a database per engine: slow to start on a busy machine.
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    area = await buildAreaApp({
      db: kit.db,
      config: loadConfig({ NODE_ENV: 'test', PUBLIC_AREA_URL: AREA_URL, PUBLIC_PAY_URL: kit.payUrl }),
      logger: pino({ level: 'silent' }),
      clock: kit.clock,
      gateway: kit.gateway,
    });
  }, 120_000);
  afterAll(async () => {
    await area?.close();
    await kit?.close();
  });

  /** One browser: its Area Clienti cookies and its Pagamenti cookies (two origins), from one address. */
  async function signedInBrowser(email: string) {
    const ip = `10.7.0.${++ipCounter}`;
    const browser = { area: new TestClient(area, ip), pay: new TestClient(kit.pay, ip) };
    expect((await browser.area.logIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
    return browser;
  }

  /** "Paga" in Area Clienti, then the hand-off URL it redirects to, opened on Pagamenti. */
  async function handOff(browser: { area: TestClient; pay: TestClient }, orderNumber: string) {
    const paga = await browser.area.get(`/paga/${orderNumber}`);
    expect(paga.statusCode).toBe(303);
    const target = new URL(String(paga.headers.location));
    expect(target.origin).toBe(kit.payUrl);
    const landed = await browser.pay.get(`${target.pathname}${target.search}`);
    expect([landed.statusCode, landed.headers.location]).toEqual([303, `/?order=${orderNumber}`]);
  }

  const sessionsOf = async (customerId: number, app: 'area' | 'pay') =>
    (
      await kit.db
        .selectFrom('web_sessions')
        .select('id_hash')
        .where('customer_id', '=', customerId)
        .where('app', '=', app)
        .execute()
    ).length;

  const customerId = async (email: string) =>
    (await kit.db.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  const giuliaOrder = async () =>
    kit.db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', await customerId(DEMO_GIULIA.email))
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();

  const attemptsOf = async (orderId: number) =>
    (await kit.db.selectFrom('payment_attempts').select('id').where('order_id', '=', orderId).execute()).length;

  it('"Esci" in Area Clienti ends every Pagamenti session of the customer: the old cookie can no longer pay', async () => {
    const order = await marioOrder(kit, 'pec');
    const mario = await signedInBrowser(DEMO_MARIO.email);
    await handOff(mario, order.number);
    // Mario's phone, and Giulia, each in Pagamenti too.
    const phone = await signedInBrowser(DEMO_MARIO.email);
    await handOff(phone, order.number);
    const giulia = await signedInBrowser(DEMO_GIULIA.email);
    await handOff(giulia, (await giuliaOrder()).number);

    const card = await mario.pay.get(`/orders/${order.number}/card`);
    expect(card.statusCode).toBe(200);
    expect(pageText(card.body)).toContain('Scegli la carta di credito');
    const oldPayCookie = mario.pay.cookies.get(PAY_SESSION_COOKIE)!;
    expect(await sessionsOf(kit.marioId, 'pay')).toBe(2);

    await mario.area.get('/');
    const logout = await mario.area.post('/logout', {});
    expect([logout.statusCode, logout.headers.location]).toEqual([303, '/login?logged_out=1']);
    expect(await sessionsOf(kit.marioId, 'pay')).toBe(0);

    // The same cookie (and the CSRF token of the card page it still holds) meets the signed-out Pagamenti.
    expect(mario.pay.cookies.get(PAY_SESSION_COOKIE)).toBe(oldPayCookie);
    const again = await mario.pay.get(`/orders/${order.number}/card`);
    expect(again.statusCode).toBe(401);
    expect(pageText(again.body)).toContain('Apri Pagamenti da Area Clienti');
    expect(again.body).not.toContain('Scegli la carta di credito');
    const stale = new TestClient(kit.pay, '10.7.1.1');
    stale.cookies.set(PAY_SESSION_COOKIE, oldPayCookie);
    stale.lastBody = card.body;
    const pay = await stale.post(`/orders/${order.number}/pay`, {
      card: String(kit.marioCardId),
      request_key: newAttemptPublicId(),
    });
    expect(pay.statusCode).toBe(403);
    expect(pay.headers.location).toBeUndefined();
    expect(await attemptsOf(order.id)).toBe(0);
    expect((await phone.pay.get('/orders')).statusCode).toBe(401);

    // Giulia is signed in as before.
    expect((await giulia.pay.get('/orders')).statusCode).toBe(200);
    expect((await giulia.area.get('/')).statusCode).toBe(200);
  });

  it('shows "Esci" as a button of a CSRF-protected form on every signed-in Pagamenti page, and not to visitors', async () => {
    const order = await marioOrder(kit, 'spid');
    const mario = await signedInBrowser(DEMO_MARIO.email);
    const visitor = new TestClient(kit.pay, '10.7.2.1');
    expect((await visitor.get('/orders')).body).not.toMatch(logoutButton('Esci'));
    await handOff(mario, order.number);
    for (const url of [`/?order=${order.number}`, '/orders', `/orders/${order.number}/card`, '/no-such-page']) {
      const page = await mario.pay.get(url);
      expect(page.body, url).toMatch(logoutButton('Esci'));
    }
  });

  it('"Esci" in Pagamenti ends its session and the Area Clienti sessions of the customer, then says so', async () => {
    const order = await marioOrder(kit, 'pec');
    const mario = await signedInBrowser(DEMO_MARIO.email);
    await handOff(mario, order.number);
    const laptop = await signedInBrowser(DEMO_MARIO.email);
    const giulia = await signedInBrowser(DEMO_GIULIA.email);
    await handOff(giulia, (await giuliaOrder()).number);
    const oldPayCookie = mario.pay.cookies.get(PAY_SESSION_COOKIE)!;
    const oldAreaCookie = mario.area.cookies.get(AREA_SESSION_COOKIE)!;

    await mario.pay.get(`/orders/${order.number}/card`);
    const logout = await mario.pay.post('/logout', {});
    expect([logout.statusCode, logout.headers.location]).toEqual([303, '/signed-out']);
    expect(mario.pay.cookies.get(PAY_SESSION_COOKIE)).not.toBe(oldPayCookie);
    expect(await sessionsOf(kit.marioId, 'pay')).toBe(0);
    expect(await sessionsOf(kit.marioId, 'area')).toBe(0);

    const signedOut = await mario.pay.get('/signed-out');
    expect(signedOut.statusCode).toBe(200);
    expect(pageText(signedOut.body)).toContain("Sei uscito da Pagamenti e dall'Area Clienti.");
    expect(signedOut.body).toContain(`<a class="button" href="${AREA_URL}/login">Accedi all&#39;Area Clienti</a>`);
    expect(signedOut.body).not.toMatch(logoutButton('Esci'));

    const replayPay = new TestClient(kit.pay, '10.7.3.1');
    replayPay.cookies.set(PAY_SESSION_COOKIE, oldPayCookie);
    expect((await replayPay.get(`/orders/${order.number}/card`)).statusCode).toBe(401);
    for (const browser of [mario.area, laptop.area]) {
      const home = await browser.get('/');
      expect([home.statusCode, home.headers.location]).toEqual([303, '/login']);
    }
    const replayArea = new TestClient(area, '10.7.3.2');
    replayArea.cookies.set(AREA_SESSION_COOKIE, oldAreaCookie);
    expect((await replayArea.get('/')).headers.location).toBe('/login');

    expect((await giulia.pay.get('/orders')).statusCode).toBe(200);
    expect((await giulia.area.get('/')).statusCode).toBe(200);
  });

  it('speaks English to Giulia: "Sign out", then the signed-out page in her language', async () => {
    const giulia = await signedInBrowser(DEMO_GIULIA.email);
    await handOff(giulia, (await giuliaOrder()).number);
    const orders = await giulia.pay.get('/orders');
    expect(orders.body).toMatch(logoutButton('Sign out'));
    await giulia.pay.post('/logout', {});
    const signedOut = await giulia.pay.get('/signed-out');
    expect(signedOut.body).toContain('<html lang="en">');
    expect(pageText(signedOut.body)).toContain('You have signed out of Payments and the Customer Area.');
    expect((await giulia.area.get('/')).headers.location).toBe('/login');
  });

  it('refuses "Esci" without the CSRF token and stays signed in', async () => {
    const order = await marioOrder(kit, 'pec');
    const mario = await signedInBrowser(DEMO_MARIO.email);
    await handOff(mario, order.number);
    await mario.pay.get('/orders');
    const forged = await mario.pay.post('/logout', { _csrf: 'forged' }, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await mario.pay.get('/orders')).statusCode).toBe(200);
    expect((await mario.area.get('/')).statusCode).toBe(200);
  });
});
