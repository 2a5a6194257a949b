import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('Area Clienti services and orders on %s', (kind) => {
  let area: TestArea;
  let mario: TestClient;
  let giulia: TestClient;

  /** Mario's service of a product and its orders, straight from the database. */
  async function marioService(productCode: string) {
    const service = await area.db
      .selectFrom('subscriptions')
      .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .select(['subscriptions.id', 'subscriptions.label'])
      .where('customers.email', '=', DEMO_MARIO.email)
      .where('product_code', '=', productCode)
      .executeTakeFirstOrThrow();
    const orders = await area.db.selectFrom('orders').selectAll().where('subscription_id', '=', service.id).execute();
    return { ...service, orders };
  }

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.1.0.1');
    giulia = new TestClient(area.app, '10.1.0.2');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });
  afterAll(() => area.close());

  it("lists Mario's six services with product, label, status, expiry and a Gestisci button each", async () => {
    const home = await mario.get('/');
    expect(home.statusCode).toBe(200);
    const rows = home.body
      .split('<tbody>')[1]!
      .split('</tbody>')[0]!
      .split(/<tr[ >]/)
      .slice(1);
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toMatch(/<a class="button" href="\/services\/\d+" aria-describedby="service-\d+">Gestisci<\/a>/);
      expect(row).toMatch(/Attivo|In attivazione/);
    }
    const text = pageText(home.body);
    for (const product of [
      'PEC - Posta Elettronica Certificata',
      'SPID',
      'Conservazione',
      'Fatturazione',
      'Firma Digitale',
      'Marca Temporale',
    ]) {
      expect(text).toContain(product);
    }
    expect(text).toContain('mario.rossi@pec.example.it');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(text).not.toContain('giulia');
  });

  it('leads to payment: "Da pagare" with the total due and a Paga per awaiting order, expiring services highlighted, badges linking to the order', async () => {
    const awaiting = await area.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.number', 'orders.total_cents', 'orders.subscription_id'])
      .where('customers.email', '=', DEMO_MARIO.email)
      .where('orders.state', '=', 'awaiting_payment')
      .execute();
    expect(awaiting).toHaveLength(4);
    const home = await mario.get('/');
    const due = home.body.split('<section class="panel panel-due"')[1]!.split('</section>')[0]!;
    expect(pageText(due)).toContain('Da pagare');
    const total = awaiting.reduce((sum, order) => sum + order.total_cents, 0);
    const euros = `${Math.floor(total / 100)},${String(total % 100).padStart(2, '0')}`;
    expect(pageText(due)).toMatch(new RegExp(`Totale da pagare: ${euros}\\s€`));
    for (const order of awaiting) {
      // The same hand-off as the service page's "Paga".
      expect(due).toContain(`href="/paga/${order.number}" aria-describedby="due-${order.number}">Paga</a>`);
      expect(due).toContain(`<a href="/orders/${order.number}">${order.number}</a>`);
    }
    // Each service with one awaiting order: its badge is a link to that order.
    for (const order of awaiting) {
      expect(home.body).toContain(`<a class="badge badge-wait badge-link" href="/orders/${order.number}">`);
    }
    // Demo expiries from 28/11/2026: PEC in 18 days, SPID in 25, Fatturazione PA in 9; the others later or not yet.
    const rows = home.body
      .split('<tbody>')[1]!
      .split('</tbody>')[0]!
      .split(/<tr[ >]/)
      .slice(1);
    const highlighted = rows.filter((row) => row.startsWith('class="row-expiring"')).map(pageText);
    expect(highlighted).toHaveLength(3);
    expect(highlighted.join(' ')).toMatch(/mario\.rossi@pec\.example\.it.*Scade tra 18 giorni/);
    expect(highlighted.join(' ')).toContain('Scade tra 25 giorni');
    expect(highlighted.join(' ')).toContain('Scade tra 9 giorni');
    expect(pageText(home.body)).not.toMatch(/Scade tra (120|210) giorni/);

    const english = await giulia.get('/');
    expect(pageText(english.body)).toMatch(/To pay Total due: €\d+\.\d{2}/);
    expect(pageText(english.body)).toContain('Expires in 30 days');
  });

  it('shows the PEC service with its orders, totals with VAT, state labels and Paga only on the awaiting one', async () => {
    const pec = await marioService('pec');
    const page = await mario.get(`/services/${pec.id}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('mario.rossi@pec.example.it');
    expect(text).toContain('Attesa pagamento');
    expect(text).toContain('Pagato');
    expect(text).toContain('Totale IVA inclusa');
    expect(text).toContain('35,38 €'); // 29.00 + 22% VAT
    expect(text).toContain('Rinnovo');
    const awaiting = pec.orders.filter((o) => o.state === 'awaiting_payment');
    expect(awaiting).toHaveLength(1);
    for (const order of pec.orders) {
      expect(text).toContain(order.number);
      const payLink = `href="/paga/${order.number}"`;
      if (order.state === 'awaiting_payment')
        expect(page.body).toContain(`${payLink} aria-describedby="order-${order.number}">Paga</a>`);
      else expect(page.body).not.toContain(payLink);
    }
    expect(text).toContain('Rinnovo automatico Non attivo');
  });

  it('says plainly that automatic renewal is not available for Firma Digitale and Marca Temporale', async () => {
    for (const code of ['firma_digitale', 'marca_temporale']) {
      const page = await mario.get(`/services/${(await marioService(code)).id}`);
      expect(pageText(page.body)).toContain(
        'il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale',
      );
    }
    const conservazione = await mario.get(`/services/${(await marioService('conservazione')).id}`);
    expect(pageText(conservazione.body)).toContain('Annullato');
  });

  it('shows an order with its lines, net, VAT and total', async () => {
    const order = (await marioService('spid')).orders.find((o) => o.state === 'awaiting_payment')!;
    const page = await mario.get(`/orders/${order.number}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain(`Ordine ${order.number}`);
    // The line names the service once: the label already says SPID (catalog/service-name.ts).
    expect(text).toContain('IVA SPID - Mario Rossi (RSSMRA80A01H501U) 1 24,90 €');
    expect(text).not.toContain('SPID - Identità Digitale — SPID');
    expect(text).toContain('Imponibile 24,90 €');
    expect(text).toContain('IVA 5,48 €');
    expect(text).toContain('Totale 30,38 €');
    expect(page.body).toContain('>Paga</a>');
  });

  it("answers 404 when Giulia opens Mario's service or order, exactly as for one that does not exist", async () => {
    const pec = await marioService('pec');
    const order = pec.orders[0]!;
    const missingService = await giulia.get('/services/999999');
    const missingOrder = await giulia.get('/orders/ORD-2026-999999');
    const hisService = await giulia.get(`/services/${pec.id}`);
    const hisOrder = await giulia.get(`/orders/${order.number}`);
    for (const res of [missingService, missingOrder, hisService, hisOrder]) {
      expect(res.statusCode).toBe(404);
      expect(pageText(res.body)).toContain('Page not found');
      expect(res.body).not.toContain('mario');
      expect(res.body).not.toContain('Mario');
    }
    const strip = (html: string) =>
      html.replace(/value="[^"]*"|value="\/[^"]*"/g, '').replace(/\/(services|orders)\/[\w-]+/g, '');
    expect(strip(hisService.body)).toBe(strip(missingService.body));
    expect(strip(hisOrder.body)).toBe(strip(missingOrder.body));
  });

  it('answers 404 to malformed ids and numbers', async () => {
    for (const url of [
      '/services/abc',
      '/services/0',
      '/services/1e3',
      '/services/99999999999999999999',
      '/orders/ORD-x',
      '/orders/1',
    ]) {
      expect((await mario.get(url)).statusCode).toBe(404);
    }
  });

  it('sends security headers with a CSP that allows no inline script, and a request id', async () => {
    const res = await mario.get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' http://localhost:3001");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toMatch(/<script|style="/);
  });

  it('has the support contacts in the footer of every page', async () => {
    const pages = [await mario.get('/'), await new TestClient(area.app).get('/login'), await mario.get('/nowhere')];
    for (const page of pages) {
      const text = pageText(page.body);
      expect(text).toContain('Clienti +39 0575 0504');
      expect(text).toContain('Partner e CDRL +39 0575 0500');
      expect(text).toContain('Lun/Ven 08.30-18.00');
    }
  });

  it('serves the stylesheet and a health check', async () => {
    const css = await area.app.inject({ url: '/assets/cassa.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const health = await area.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', app: 'area' });
  });
});
