import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { insertAttempt } from '../payments/attempt-repository.ts';
import { newAttemptPublicId } from '../payments/public-ids.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

const START = '2026-11-28T09:00:00Z';

describe.each(testDatabaseKinds())('"Annulla" with confirmation and "Riattiva" (%s)', (kind) => {
  let area: TestArea;
  let mario: TestClient;
  let giulia: TestClient;
  let marioId: number;

  /** Mario's service of a product, and its one order of a kind and state. */
  async function orderOf(productCode: string, state: 'awaiting_payment' | 'cancelled' | 'paid', kindOf = 'renewal') {
    return area.db
      .selectFrom('orders')
      .innerJoin('subscriptions as s', 's.id', 'orders.subscription_id')
      .selectAll('orders')
      .select(['s.label', 's.expires_on'])
      .where('orders.customer_id', '=', marioId)
      .where('s.product_code', '=', productCode)
      .where('orders.state', '=', state)
      .where('orders.kind', '=', kindOf as 'renewal')
      .orderBy('orders.id', 'desc')
      .executeTakeFirstOrThrow();
  }
  const stateOf = async (id: number) =>
    (await area.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).state;
  const lastEvent = async (id: number) =>
    area.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  async function logInAgain() {
    mario = new TestClient(area.app, '10.3.0.1');
    giulia = new TestClient(area.app, '10.3.0.2');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
  }

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.3.0.1');
    giulia = new TestClient(area.app, '10.3.0.2');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const row = await area.db.selectFrom('customers').select('id').where('email', '=', DEMO_MARIO.email).execute();
    marioId = row[0]!.id;
  });
  afterEach(async () => {
    if (area.clock.now().toISOString() === new Date(START).toISOString()) return;
    area.clock.set(START);
    await logInAgain();
  });
  afterAll(() => area.close());

  it('"Annulla" leads to a page that states the consequence; only "Conferma annullamento" cancels, with a history row', async () => {
    const order = await orderOf('spid', 'awaiting_payment');
    const service = await mario.get(`/services/${order.subscription_id}`);
    // A link to the confirmation, no longer a one-click form.
    expect(service.body).toContain(
      `href="/orders/${order.number}/cancel" aria-describedby="order-${order.number}">Annulla</a>`,
    );
    expect(service.body).not.toContain(`action="/orders/${order.number}/cancel"`);

    const confirm = await mario.get(`/orders/${order.number}/cancel`);
    expect(confirm.statusCode).toBe(200);
    const text = pageText(confirm.body);
    expect(text).toContain(`Annullare l'ordine ${order.number}?`);
    expect(text).toContain(
      `il servizio ${order.label} non sarà rinnovato e scadrà il 23/12/2026. Fino a quella data potrai riaprire l'ordine con Riattiva.`,
    );
    expect(confirm.body).toContain('>Conferma annullamento</button>');
    expect(confirm.body).toContain(`href="/services/${order.subscription_id}">No, torna al servizio</a>`);
    expect(await stateOf(order.id)).toBe('awaiting_payment'); // looking is not cancelling

    expect((await mario.post(`/orders/${order.number}/cancel`, {}, { withCsrf: false })).statusCode).toBe(403);
    await giulia.get('/');
    expect((await giulia.post(`/orders/${order.number}/cancel`, {})).statusCode).toBe(404);
    expect((await giulia.get(`/orders/${order.number}/cancel`)).statusCode).toBe(404);
    expect(await stateOf(order.id)).toBe('awaiting_payment');

    await mario.get(`/orders/${order.number}/cancel`);
    const done = await mario.post(`/orders/${order.number}/cancel`, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/services/${order.subscription_id}?done=cancelled`);
    expect(await stateOf(order.id)).toBe('cancelled');
    expect(await lastEvent(order.id)).toMatchObject({
      from_state: 'awaiting_payment',
      to_state: 'cancelled',
      reason: 'cancelled by the customer',
    });

    const again = await mario.post(`/orders/${order.number}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect(pageText(again.body)).toContain(`L'ordine ${order.number} non è in Attesa pagamento`);
  });

  it('"Riattiva" reopens a cancelled renewal while the service runs: awaiting payment again, with Paga', async () => {
    const order = await orderOf('spid', 'cancelled');
    const service = await mario.get(`/services/${order.subscription_id}?done=cancelled`);
    expect(pageText(service.body)).toContain('Ordine annullato.');
    expect(service.body).toContain(`action="/orders/${order.number}/reactivate"`);
    expect(service.body).toContain('>Riattiva</button>');

    await giulia.get('/');
    expect((await giulia.post(`/orders/${order.number}/reactivate`, {})).statusCode).toBe(404);
    const done = await mario.post(`/orders/${order.number}/reactivate`, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/services/${order.subscription_id}?done=reactivated`);
    const reopened = await area.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(reopened).toMatchObject({ state: 'awaiting_payment', cancelled_at: null, total_cents: order.total_cents });
    expect(await lastEvent(order.id)).toMatchObject({
      from_state: 'cancelled',
      to_state: 'awaiting_payment',
      reason: 'reactivated by the customer',
    });
    const page = await mario.get(`/services/${order.subscription_id}?done=reactivated`);
    expect(pageText(page.body)).toContain('Ordine riattivato: è di nuovo in Attesa pagamento.');
    expect(page.body).toContain(`href="/paga/${order.number}"`);
    expect(page.body).not.toContain('>Riattiva</button>');
    expect((await mario.post(`/orders/${order.number}/reactivate`, {})).statusCode).toBe(409);
  });

  it('does not reactivate once the service has expired, nor a purchase, and says why', async () => {
    const order = await orderOf('fatturazione_pa', 'awaiting_payment');
    await mario.get(`/orders/${order.number}/cancel`);
    expect((await mario.post(`/orders/${order.number}/cancel`, {})).statusCode).toBe(303);
    // The service expires in 9 days: on its expiry day "Riattiva" still works, the day after it no longer does.
    // (Days later the session has timed out: Mario logs in again.)
    area.clock.set('2026-12-07T11:00:00Z');
    await logInAgain();
    expect((await mario.get(`/services/${order.subscription_id}`)).body).toContain('>Riattiva</button>');
    area.clock.set('2026-12-08T11:00:00Z');
    await logInAgain();
    const page = await mario.get(`/services/${order.subscription_id}`);
    expect(page.body).not.toContain('>Riattiva</button>');
    const late = await mario.post(`/orders/${order.number}/reactivate`, {});
    expect(late.statusCode).toBe(409);
    expect(pageText(late.body)).toContain(`Il servizio ${order.label} non è più attivo`);
    expect(await stateOf(order.id)).toBe('cancelled');

    const purchase = await orderOf('conservazione', 'cancelled', 'purchase');
    expect((await mario.get(`/services/${purchase.subscription_id}`)).body).not.toContain('>Riattiva</button>');
    const refused = await mario.post(`/orders/${purchase.number}/reactivate`, {});
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain('Solo un ordine di rinnovo annullato può essere riattivato');
  });

  it('refuses to cancel an order with a payment in progress, or a paid one, with a message and nothing changed', async () => {
    const order = await orderOf('pec', 'awaiting_payment');
    await area.db.transaction().execute((trx) =>
      insertAttempt(trx, {
        publicId: newAttemptPublicId(),
        purpose: 'order_payment',
        gateway: 'sandbox',
        orderId: order.id,
        customerId: marioId,
        requestKey: 'order-action-test-key',
        amountCents: order.total_cents,
        currency: 'EUR',
        savedCardId: null,
        at: area.clock.now(),
      }),
    );
    const confirm = await mario.get(`/orders/${order.number}/cancel`);
    expect(confirm.statusCode).toBe(409);
    expect(pageText(confirm.body)).toContain(`Un pagamento dell'ordine ${order.number} è in corso`);
    expect(confirm.body).not.toContain('Conferma annullamento');
    const post = await mario.post(`/orders/${order.number}/cancel`, {});
    expect(post.statusCode).toBe(409);
    expect(await stateOf(order.id)).toBe('awaiting_payment');

    const paid = await orderOf('pec', 'paid');
    const refused = await mario.post(`/orders/${paid.number}/cancel`, {});
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain(`L'ordine ${paid.number} è già stato pagato`);
    expect((await mario.post(`/orders/${paid.number}/reactivate`, {})).statusCode).toBe(409);
    expect(await stateOf(paid.id)).toBe('paid');
    expect((await mario.get('/orders/ORD-2026-999999/cancel')).statusCode).toBe(404);
    expect((await mario.post('/orders/not-a-number/cancel', {})).statusCode).toBe(404);
  });

  it('speaks English to Giulia', async () => {
    const order = await area.db
      .selectFrom('orders')
      .innerJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.number'])
      .where('customers.email', '=', DEMO_GIULIA.email)
      .where('orders.state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    const confirm = await giulia.get(`/orders/${order.number}/cancel`);
    const text = pageText(confirm.body);
    expect(text).toContain(`Cancel order ${order.number}?`);
    expect(text).toContain('will not be renewed and will expire on 28 Dec 2026');
    expect(confirm.body).toContain('>Confirm cancellation</button>');
  });
});
