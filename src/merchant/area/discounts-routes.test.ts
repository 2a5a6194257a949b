import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD, DEMO_PROMOTION_CODES } from '../demo/demo-data.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('discounts in Area Clienti on %s', (kind) => {
  let area: TestArea;
  let mario: TestClient;

  /** Mario's order awaiting payment on a product. */
  async function marioAwaiting(productCode: string) {
    return area.db
      .selectFrom('orders')
      .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .selectAll('orders')
      .where('customers.email', '=', DEMO_MARIO.email)
      .where('subscriptions.product_code', '=', productCode)
      .where('orders.state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.2.0.1');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => area.close());

  it('/sconti needs no login and lists only the valid promotions, with campaign, product, discount, validity and code', async () => {
    const visitor = new TestClient(area.app, '10.2.0.9');
    const page = await visitor.get('/sconti');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Riepilogo degli sconti validi sui nostri servizi');
    expect(text).toContain('#IoRestoACasa');
    expect(text).toContain('PEC - Posta Elettronica Certificata');
    expect(text).toContain("20% sull'imponibile, sui rinnovi");
    expect(text).toContain('dal 14/11/2026 al 12/01/2027');
    expect(text).toContain(DEMO_PROMOTION_CODES.valid);
    expect(text).not.toContain(DEMO_PROMOTION_CODES.expired);
    expect(page.body).toContain('<a class="header-link" href="/sconti" aria-current="page">Sconti</a>');
    // A visitor can switch language here: the page has a session and its token.
    expect(visitor.csrfToken()).toBeDefined();
    expect((await visitor.post('/locale', { locale: 'en', return: '/sconti' })).statusCode).toBe(303);
    const english = pageText((await visitor.get('/sconti')).body);
    expect(english).toContain('Summary of the discounts valid on our services');
    expect(english).toContain('20% off the net amount, on renewals');
    expect(english).toContain('from 14 Nov 2026 to 12 Jan 2027');
  });

  it('a signed-in customer sees /sconti inside their layout; the login page and the header link to it', async () => {
    const page = await mario.get('/sconti');
    expect(pageText(page.body)).toContain('Mario Rossi');
    expect(page.body).toContain('Esci');
    const login = await new TestClient(area.app, '10.2.0.8').get('/login');
    expect(login.body.match(/href="\/sconti"/g)).toHaveLength(2);
  });

  it('"Applica" takes IORESTOACASA off the PEC renewal: lines and VAT recomputed, the reduced total, no form any more', async () => {
    const order = await marioAwaiting('pec');
    const before = await mario.get(`/orders/${order.number}`);
    expect(before.body).toContain('<label for="discount-code">Codice sconto</label>');
    expect(before.body).toMatch(/<button type="submit" class="button button-secondary">Applica<\/button>/);
    const applied = await mario.post(`/orders/${order.number}/discount`, { code: 'iorestoacasa' });
    expect(applied.statusCode).toBe(303);
    expect(applied.headers.location).toBe(`/orders/${order.number}?done=discount`);
    const page = await mario.get(String(applied.headers.location));
    const text = pageText(page.body);
    expect(text).toContain('Codice sconto IORESTOACASA applicato. Nuovo totale: 28,30 €.');
    expect(text).toContain('Sconto IORESTOACASA (#IoRestoACasa) −5,80 €');
    expect(text).toContain('Imponibile 23,20 €');
    expect(text).toContain('IVA 5,10 €');
    expect(text).toContain('Totale 28,30 €');
    expect(page.body).not.toContain('Codice sconto</label>');
    // The service page's order list shows the new total too.
    expect(pageText((await mario.get(`/services/${order.subscription_id}`)).body)).toContain('28,30 €');
    // A second code: one per order.
    const again = await mario.post(`/orders/${order.number}/discount`, { code: DEMO_PROMOTION_CODES.valid });
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain('A questo ordine è già applicato il codice IORESTOACASA');
  });

  it('refuses an expired, an unknown, a not-applicable and an empty code with its reason and a 4xx, never a 500', async () => {
    const spid = await marioAwaiting('spid');
    const expired = await mario.post(`/orders/${spid.number}/discount`, { code: DEMO_PROMOTION_CODES.expired });
    expect(expired.statusCode).toBe(400);
    expect(pageText(expired.body)).toContain('Il codice BLACKFRIDAY è scaduto: era valido fino al 28/10/2026.');
    expect(expired.body).toContain('aria-invalid="true"');
    expect(expired.body).toContain(`value="${DEMO_PROMOTION_CODES.expired}"`);
    const unknown = await mario.post(`/orders/${spid.number}/discount`, { code: 'NOPE123' });
    expect(unknown.statusCode).toBe(400);
    expect(pageText(unknown.body)).toContain('Il codice NOPE123 non esiste.');
    const wrongProduct = await mario.post(`/orders/${spid.number}/discount`, { code: DEMO_PROMOTION_CODES.valid });
    expect(wrongProduct.statusCode).toBe(400);
    expect(pageText(wrongProduct.body)).toContain('Il codice IORESTOACASA non vale per questo servizio.');
    const empty = await mario.post(`/orders/${spid.number}/discount`, { code: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(pageText(empty.body)).toContain('Scrivi il codice sconto.');
    const huge = await mario.post(`/orders/${spid.number}/discount`, { code: 'X'.repeat(500) });
    expect(huge.statusCode).toBe(400);
    const missing = await mario.post(`/orders/${spid.number}/discount`, {});
    expect(missing.statusCode).toBe(400);
    expect(pageText((await mario.get(`/orders/${spid.number}`)).body)).toContain('Totale 30,38 €');
  });

  it("another customer's order, a forged form and a signed-out visitor get nothing applied", async () => {
    const spid = await marioAwaiting('spid');
    const giulia = new TestClient(area.app, '10.2.0.2');
    await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD);
    await giulia.get('/');
    expect((await giulia.post(`/orders/${spid.number}/discount`, { code: 'IORESTOACASA' })).statusCode).toBe(404);
    expect(
      (await mario.post(`/orders/${spid.number}/discount`, { code: 'IORESTOACASA' }, { withCsrf: false })).statusCode,
    ).toBe(403);
    expect((await mario.post('/orders/ORD-1/discount', { code: 'IORESTOACASA' })).statusCode).toBe(404);
    const visitor = new TestClient(area.app, '10.2.0.7');
    await visitor.get('/sconti');
    const signedOut = await visitor.post(`/orders/${spid.number}/discount`, { code: 'IORESTOACASA' });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/login');
    const after = await marioAwaiting('spid');
    expect(after.promotion_id).toBeNull();
  });

  it('in English, the refusal is in English', async () => {
    const giulia = new TestClient(area.app, '10.2.0.3');
    await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD);
    const order = await area.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .selectAll('orders')
      .where('customers.email', '=', DEMO_GIULIA.email)
      .where('orders.state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    const page = await giulia.get(`/orders/${order.number}`);
    expect(page.body).toContain('<label for="discount-code">Discount code</label>');
    const expired = await giulia.post(`/orders/${order.number}/discount`, { code: DEMO_PROMOTION_CODES.expired });
    expect(expired.statusCode).toBe(400);
    expect(pageText(expired.body)).toContain('The code BLACKFRIDAY has expired: it was valid until 28 Oct 2026.');
  });
});
