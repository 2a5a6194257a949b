import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import {
  attemptOf,
  capturedPayment,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../../payments/test-payments.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

const keyOf = (html: string) => /name="chiave" value="([^"]+)"/.exec(html)?.[1] ?? '';
const orderUrl = (number: string) => `/ordini/${encodeURIComponent(number)}`;

/** The order page's other actions: cancel an awaiting order, send the payment link, check a payment with the bank. */
describe.each(testDatabaseKinds())('order actions (%s)', (kind) => {
  let kit: PaymentsKit;
  let bo: TestBackoffice;
  let support: TestClient;
  let viewer: TestClient;

  const confirmAndPost = async (client: TestClient, url: string, motivo: string) => {
    const page = await client.get(url);
    expect(page.statusCode, pageText(page.body).slice(0, 300)).toBe(200);
    return { page, done: await client.post(url, { chiave: keyOf(page.body), motivo }) };
  };
  const auditOf = (orderId: number) =>
    kit.db.selectFrom('audit_log').selectAll().where('order_id', '=', orderId).orderBy('id').execute();

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    bo = await openTestBackoffice(kind, { on: { db: kit.db, clock: kit.clock }, gateway: kit.gateway });
    support = (await bo.signIn('support')).client;
    viewer = (await bo.signIn('viewer')).client;
  });
  afterAll(async () => {
    await bo?.close();
    await kit?.close();
  });

  test('"Annulla ordine": the awaiting order is cancelled by the customer\'s own rules, audited, and the timeline says by whom', async () => {
    const order = await newOrder(kit, 'spid');
    const page = await support.get(orderUrl(order.number));
    expect(page.body).toContain(`href="${orderUrl(order.number)}/annulla"`);
    expect((await viewer.get(orderUrl(order.number))).body).not.toContain('/annulla"');
    expect((await viewer.get(`${orderUrl(order.number)}/annulla`)).statusCode).toBe(403);

    const { page: confirm, done } = await confirmAndPost(support, `${orderUrl(order.number)}/annulla`, 'Doppio ordine');
    expect(pageText(confirm.body)).toContain('Nessun addebito');
    expect(confirm.body).toContain('>Conferma annullamento</button>');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${orderUrl(order.number)}?fatto=cancel_order`);
    const after = await kit.db
      .selectFrom('orders')
      .select('state')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe('cancelled');
    expect(await auditOf(order.id)).toMatchObject([
      {
        action: 'cancel_order',
        object_id: order.number,
        before: { state: 'awaiting_payment' },
        after: { state: 'cancelled' },
        reason: 'Doppio ordine',
      },
    ]);
    const shown = pageText((await support.get(String(done.headers.location))).body);
    expect(shown).toContain('Ordine annullato.');
    expect(shown).toContain('Ordine: Attesa pagamento → Annullato cancelled by an operator');
    // Cancelled now: nothing left to cancel (409), and no second entry.
    expect((await support.get(`${orderUrl(order.number)}/annulla`)).statusCode).toBe(409);
    expect(await auditOf(order.id)).toHaveLength(1);
  });

  test('an order with a payment in progress cannot be cancelled (409 with the reason)', async () => {
    const order = await newOrder(kit, 'conservazione');
    await payWithSavedCard(kit, order.number);
    const refused = await support.get(`${orderUrl(order.number)}/annulla`);
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain('è in corso');
    const state = await kit.db
      .selectFrom('orders')
      .select('state')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('awaiting_payment');
  });

  test('"Invia link di pagamento": the customer is emailed a link to the order, once per confirmed form', async () => {
    const order = await newOrder(kit, 'fatturazione_pa');
    const url = `${orderUrl(order.number)}/link-pagamento`;
    const { page, done } = await confirmAndPost(support, url, 'Cliente al telefono, non trova l’ordine');
    expect(pageText(page.body)).toContain('mario.rossi@example.com');
    expect(done.headers.location).toBe(`${orderUrl(order.number)}?fatto=send_payment_link`);
    await support.post(url, { chiave: keyOf(page.body), motivo: 'di nuovo' });
    const emails = await kit.db
      .selectFrom('email_outbox')
      .select(['to_address', 'data'])
      .where('template', '=', 'payment_link')
      .where('customer_id', '=', kit.marioId)
      .where('dedupe_key', 'like', `payment_link:order:${order.id}:%`)
      .execute();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.to_address).toBe('mario.rossi@example.com');
    expect(emails[0]?.data).toMatchObject({ url: expect.stringContaining('/link-pagamento/') });
    expect(await auditOf(order.id)).toMatchObject([
      { action: 'send_payment_link', after: { emailedTo: 'mario.rossi@example.com' } },
    ]);
    // A paid order has nothing to pay.
    const { order: paid } = await capturedPayment(kit);
    expect((await support.get(`${orderUrl(paid.number)}/link-pagamento`)).statusCode).toBe(409);
  });

  test('"Verifica con la banca": a payment the bank approved but Cassa has not heard of is settled now, by the reconciliation\'s rules', async () => {
    const order = await newOrder(kit, 'pec');
    const started = await payWithSavedCard(kit, order.number);
    const before = (await attemptOf(kit, started.id)).status;
    expect(['redirected', 'authenticating']).toContain(before);
    const page = await support.get(orderUrl(order.number));
    expect(page.body).toContain(`href="/pagamenti/${started.public_id}/verifica"`);
    const { done } = await confirmAndPost(
      support,
      `/pagamenti/${started.public_id}/verifica`,
      'Cliente dice di aver pagato',
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${orderUrl(order.number)}?fatto=reconcile_attempt`);
    const settled = await attemptOf(kit, started.id);
    expect(['authorized', 'captured']).toContain(settled.status);
    const state = await kit.db
      .selectFrom('orders')
      .select('state')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('paid');
    expect(await auditOf(order.id)).toMatchObject([
      {
        action: 'reconcile_attempt',
        object_id: started.public_id,
        before: { status: before },
        after: { status: settled.status },
      },
    ]);
    // Settled: nothing to check any more; an unknown payment is a 404.
    expect((await support.get(`/pagamenti/${started.public_id}/verifica`)).statusCode).toBe(409);
    expect((await support.get('/pagamenti/pa_unknown/verifica')).statusCode).toBe(404);
    expect((await viewer.get(`/pagamenti/${started.public_id}/verifica`)).statusCode).toBe(403);
  });
});
