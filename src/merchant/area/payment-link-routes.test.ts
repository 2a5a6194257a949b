import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { createOrder } from '../orders/create-order.ts';
import { createPaymentLink, DEFAULT_LINK_SECONDS } from '../orders/payment-link.ts';
import { redeemHandoffToken } from '../payments/handoff-token.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

const AREA_URL = 'http://localhost:3000';

describe.each(testDatabaseKinds())('payment links (%s)', (kind) => {
  let area: TestArea;
  let marioId: number;
  const deps = () => ({ db: area.db, clock: area.clock, areaUrl: AREA_URL });

  beforeAll(async () => {
    area = await openTestArea(kind);
    const row = await area.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
    marioId = row.id;
  });
  afterAll(() => area?.close());

  /** A fresh order of Mario's awaiting payment, and a link to it (its path on Area Clienti). */
  async function linkedOrder(options: { expiresInSeconds?: number; email?: boolean } = {}) {
    const service = await area.db
      .selectFrom('subscriptions')
      .select('id')
      .where('customer_id', '=', marioId)
      .where('product_code', '=', 'pec')
      .executeTakeFirstOrThrow();
    const order = await createOrder(
      area.db,
      { customerId: marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock: area.clock, timeZone: 'Europe/Rome' },
    );
    const link = await createPaymentLink(deps(), { orderId: order.id, ...options });
    if (!link.ok) throw new Error(link.reason);
    return { order, link, path: link.url.slice(AREA_URL.length) };
  }

  it('after login, a link leads to "Paga" for its order, then to Pagamenti', async () => {
    const { order, link, path } = await linkedOrder();
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/link-pagamento\/\d+\.\d+\.[0-9a-f]{64}$/);
    expect(link.expiresAt.getTime() - area.clock.now().getTime()).toBe(DEFAULT_LINK_SECONDS * 1000);
    const browser = new TestClient(area.app, '10.9.0.1');
    const first = await browser.get(path);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    await browser.get(String(first.headers.location));
    const login = await browser.post('/login', { email: DEMO_MARIO.email, password: DEMO_PASSWORD, next: path });
    expect(login.headers.location).toBe(path);
    const followed = await browser.get(path);
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`/paga/${order.number}?to=card`);
    const pay = await browser.get(String(followed.headers.location));
    expect(pay.statusCode).toBe(303);
    const handoff = new URL(String(pay.headers.location));
    expect(handoff.pathname).toBe('/handoff');
    // Pagamenti opens on this order's card choice (pay-routes.test.ts follows such a hand-off).
    expect(await redeemHandoffToken(area.db, area.clock, handoff.searchParams.get('token'))).toEqual({
      ok: true,
      handoff: { customerId: marioId, orderNumber: order.number, locale: 'it', landing: 'card' },
    });
  });

  it('another customer signed in is told the link is not theirs, and sees nothing of the order', async () => {
    const { order, path } = await linkedOrder();
    const giulia = new TestClient(area.app, '10.9.0.2');
    await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD);
    const page = await giulia.get(path);
    expect(page.statusCode).toBe(403);
    // Giulia's account is in English.
    expect(pageText(page.body)).toContain('This link is for another customer');
    expect(page.body).not.toContain(order.number);
  });

  it('a tampered link is 400 and an expired one 410, whoever follows it', async () => {
    const { path } = await linkedOrder({ expiresInSeconds: 3600 });
    const mario = new TestClient(area.app, '10.9.0.3');
    await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    const [id, expires, signature] = path.slice('/link-pagamento/'.length).split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    for (const tampered of [
      `/link-pagamento/${id}.${expires}.${flipped}`,
      `/link-pagamento/${Number(id) - 1}.${expires}.${signature}`,
      `/link-pagamento/${id}.${Number(expires) + 86_400}.${signature}`,
      '/link-pagamento/garbage',
    ]) {
      const page = await mario.get(tampered);
      expect(page.statusCode, tampered).toBe(400);
      expect(pageText(page.body)).toContain('Link di pagamento non valido');
    }
    area.clock.advance(3601_000);
    const late = await mario.get(path);
    expect(late.statusCode).toBe(410);
    expect(pageText(late.body)).toContain('Link di pagamento scaduto');
    expect((await new TestClient(area.app, '10.9.0.4').get(path)).statusCode).toBe(410);
  });

  it('a link to an order paid or cancelled since says so', async () => {
    const paid = await linkedOrder();
    const cancelled = await linkedOrder();
    await area.db
      .updateTable('orders')
      .set({ state: 'paid', paid_at: area.clock.now() })
      .where('id', '=', paid.order.id)
      .execute();
    await area.db
      .updateTable('orders')
      .set({ state: 'cancelled', cancelled_at: area.clock.now() })
      .where('id', '=', cancelled.order.id)
      .execute();
    const mario = new TestClient(area.app, '10.9.0.5');
    await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    const paidPage = await mario.get(paid.path);
    expect(paidPage.statusCode).toBe(409);
    expect(pageText(paidPage.body)).toContain('Ordine già pagato');
    const cancelledPage = await mario.get(cancelled.path);
    expect(cancelledPage.statusCode).toBe(409);
    expect(pageText(cancelledPage.body)).toContain('Ordine annullato');
    expect(await createPaymentLink(deps(), { orderId: paid.order.id })).toEqual({
      ok: false,
      reason: 'not_awaiting_payment',
    });
  });

  it('a link is refused beyond 30 days and for an unknown order; with email, the customer gets it once', async () => {
    const { order } = await linkedOrder();
    expect(await createPaymentLink(deps(), { orderId: order.id, expiresInSeconds: 31 * 86_400 })).toEqual({
      ok: false,
      reason: 'invalid_expiry',
    });
    expect(await createPaymentLink(deps(), { orderId: 999_999 })).toEqual({ ok: false, reason: 'not_found' });
    const sent = await createPaymentLink(deps(), { orderId: order.id, expiresInSeconds: 86_400, email: true });
    const again = await createPaymentLink(deps(), { orderId: order.id, expiresInSeconds: 86_400, email: true });
    expect(sent).toMatchObject({ ok: true, emailed: true });
    expect(again).toEqual(sent);
    const outbox = await area.db
      .selectFrom('email_outbox')
      .select(['template', 'to_address', 'data'])
      .where('dedupe_key', 'like', `payment_link:order:${order.id}:%`)
      .execute();
    expect(outbox).toEqual([
      {
        template: 'payment_link',
        to_address: DEMO_MARIO.email,
        data: expect.objectContaining({ orderNumber: order.number, url: sent.ok ? sent.url : '' }),
      },
    ]);
  });
});
