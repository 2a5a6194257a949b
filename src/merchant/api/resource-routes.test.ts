import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { verifyPassword } from '../customers/passwords.ts';
import { PASSWORD_RESET_QUEUE } from '../customers/request-password-reset.ts';
import { insertEvent } from '../events/event-repository.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import { insertAttempt } from '../payments/attempt-repository.ts';
import { newAttemptPublicId } from '../payments/public-ids.ts';
import { loadOrderResource } from '../public/resources.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, fakeCardGateway, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('API resources on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  let n = 0;
  const deletedAtBank: string[] = [];
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock, { gateway: fakeCardGateway(deletedAtBank) });
    key = await testApiKey(database.db);
    await customerWithService(database.db); // the catalogue
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const post = (url: string, payload?: Record<string, unknown>) => {
    n += 1;
    return app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': `${kind}-${n}` },
      ...(payload ? { payload } : {}),
    });
  };
  const newCustomer = async (email = `c${n + 1}-${Date.now()}.${kind}@example.com`) => {
    const created = await post('/api/v1/customers', { name: 'Mario Rossi', email, phone: '+39 06 1234567' });
    expect(created.statusCode).toBe(201);
    return created.json() as { id: string; email: string };
  };

  it('creates a customer without a password and emails a set-password link through the reset machinery', async () => {
    const created = await post('/api/v1/customers', { name: 'Mario Rossi', email: `Mario.${kind}@Example.com` });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer).toEqual({
      id: expect.stringMatching(/^cus_\d+$/),
      object: 'customer',
      email: `Mario.${kind}@Example.com`,
      name: 'Mario Rossi',
      locale: 'it',
      phone: null,
      created_at: '2026-12-02T10:00:00.000Z',
    });
    const row = await database.db
      .selectFrom('customers')
      .select('password_hash')
      .where('id', '=', Number(customer.id.slice(4)))
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, '')).toBe(false);
    const jobs = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('queue', '=', PASSWORD_RESET_QUEUE)
      .execute();
    expect(jobs.map((j) => j.payload)).toContainEqual({ email: `mario.${kind}@example.com`, locale: 'it' });
    const again = await post('/api/v1/customers', { name: 'Other', email: `mario.${kind}@example.com` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('email_taken');
  });

  it('gets, updates, lists and finds customers by email (case-insensitive)', async () => {
    const customer = await newCustomer(`giulia.${kind}@example.com`);
    expect((await get(`/api/v1/customers/${customer.id}`)).json()).toMatchObject({ id: customer.id });
    const updated = await post(`/api/v1/customers/${customer.id}`, { name: 'Giulia Bianchi', locale: 'en' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Giulia Bianchi', locale: 'en', phone: '+39 06 1234567' });
    const found = await get(`/api/v1/customers?email=GIULIA.${kind}@example.com`);
    expect(found.json()).toEqual({ object: 'list', data: [updated.json()], has_more: false });
    const all = (await get('/api/v1/customers?limit=100')).json();
    expect(all.data.map((c: { id: string }) => c.id)).toContain(customer.id);
    expect((await get('/api/v1/customers/cus_999999')).statusCode).toBe(404);
    expect((await get('/api/v1/customers/nonsense')).json().code).toBe('customer_not_found');
    const invalid = await post(`/api/v1/customers/${customer.id}`, { email: 'not-an-email' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual([{ field: 'email', message: expect.any(String) }]);
  });

  it('creates services, lists them by customer, and switches automatic renewal off with the email', async () => {
    const customer = await newCustomer();
    const created = await post('/api/v1/services', {
      customer: customer.id,
      product: 'PEC',
      label: 'mario@pec.example.it',
      activated_on: '2026-01-10',
      expires_on: '2027-01-10',
    });
    expect(created.statusCode).toBe(201);
    const service = created.json();
    expect(service).toEqual({
      id: expect.stringMatching(/^svc_\d+$/),
      object: 'service',
      customer: customer.id,
      product_code: 'PEC',
      label: 'mario@pec.example.it',
      status: 'active',
      activated_on: '2026-01-10',
      expires_on: '2027-01-10',
      renewal_period_years: 1,
      auto_renew: { enabled: false, card: null },
      created_at: '2026-12-02T10:00:00.000Z',
    });
    const listed = (await get(`/api/v1/services?customer=${customer.id}`)).json();
    expect(listed).toEqual({ object: 'list', data: [service], has_more: false });
    expect((await get(`/api/v1/services/${service.id}`)).json()).toEqual(service);
    expect((await post('/api/v1/services', { customer: customer.id, product: 'nope', label: 'x' })).json().code).toBe(
      'unknown_product',
    );
    expect((await post('/api/v1/services', { customer: 'cus_999999', product: 'pec', label: 'x' })).statusCode).toBe(
      404,
    );

    const card = await savedCard(Number(customer.id.slice(4)));
    await database.db
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: card })
      .where('id', '=', Number(service.id.slice(4)))
      .execute();
    const off = await post(`/api/v1/services/${service.id}/auto-renew`, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().auto_renew).toEqual({ enabled: false, card: null });
    const emails = await database.db
      .selectFrom('email_outbox')
      .select('template')
      .where('customer_id', '=', Number(customer.id.slice(4)))
      .execute();
    expect(emails.map((e) => e.template)).toContain('auto_renew_deactivated');
    const on = await post(`/api/v1/services/${service.id}/auto-renew`, { enabled: true });
    expect(on.statusCode).toBe(409);
    expect(on.json().code).toBe('auto_renew_needs_customer');
  });

  it('creates an order awaiting payment priced by Cassa, refuses another customer’s service, gets and lists it', async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const created = await post('/api/v1/orders', {
      customer: `cus_${customerId}`,
      service: `svc_${subscription.id}`,
      kind: 'renewal',
    });
    expect(created.statusCode).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({
      id: expect.stringMatching(/^ord_\d+$/),
      object: 'order',
      number: expect.stringMatching(/^ORD-2026-\d{6}$/),
      state: 'awaiting_payment',
      kind: 'renewal',
      customer: `cus_${customerId}`,
      service: `svc_${subscription.id}`,
      period_years: 1,
      payment: null,
      attempts: { count: 0, last_status: null },
    });
    expect(order.total_cents).toBe(order.net_cents + order.vat_cents);
    expect(order).toEqual(await loadOrderResource(database.db, Number(order.id.slice(4))));
    expect((await get(`/api/v1/orders/${order.id}`)).json()).toEqual(order);

    const other = await customerWithService(database.db);
    const mismatch = await post('/api/v1/orders', {
      customer: `cus_${other.customerId}`,
      service: `svc_${subscription.id}`,
      kind: 'purchase',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().code).toBe('customer_mismatch');
    const badKind = await post('/api/v1/orders', {
      customer: `cus_${customerId}`,
      service: `svc_${subscription.id}`,
      kind: 'gift',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors[0].field).toBe('kind');

    const byCustomer = (await get(`/api/v1/orders?customer=cus_${customerId}&state=awaiting_payment`)).json();
    expect(byCustomer.data.map((o: { id: string }) => o.id)).toEqual([order.id]);
    const later = (await get(`/api/v1/orders?customer=cus_${customerId}&created_from=2026-12-02T10:00:01Z`)).json();
    expect(later.data).toEqual([]);
    const before = (await get(`/api/v1/orders?customer=cus_${customerId}&created_to=2026-12-02T10:00:01Z`)).json();
    expect(before.data).toHaveLength(1);
    expect((await get('/api/v1/orders?customer=mario')).statusCode).toBe(400);
  });

  it('cancels an order awaiting payment through the same use case as Area Clienti, once', async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const order = (
      await post('/api/v1/orders', {
        customer: `cus_${customerId}`,
        service: `svc_${subscription.id}`,
        kind: 'renewal',
      })
    ).json();
    const cancelled = await post(`/api/v1/orders/${order.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancelled_at: '2026-12-02T10:00:00.000Z' });
    const again = await post(`/api/v1/orders/${order.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('order_not_cancellable');
    expect((await post('/api/v1/orders/ord_999999/cancel')).statusCode).toBe(404);
  });

  it('lists and gets payments by order and customer', async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const order = (
      await post('/api/v1/orders', {
        customer: `cus_${customerId}`,
        service: `svc_${subscription.id}`,
        kind: 'renewal',
      })
    ).json();
    const publicId = newAttemptPublicId();
    await database.db.transaction().execute((trx) =>
      insertAttempt(trx, {
        publicId,
        purpose: 'order_payment',
        gateway: 'sandbox',
        orderId: Number(order.id.slice(4)),
        customerId,
        requestKey: `api-test-request-${order.id}`,
        amountCents: order.total_cents,
        currency: 'EUR',
        savedCardId: null,
        at: clock.now(),
      }),
    );
    const listed = (await get(`/api/v1/payments?order=${order.id}`)).json();
    expect(listed.data).toEqual([
      expect.objectContaining({ id: publicId, object: 'payment', order: order.id, amount_cents: order.total_cents }),
    ]);
    expect((await get(`/api/v1/payments?customer=cus_${customerId}`)).json().data).toHaveLength(1);
    expect((await get(`/api/v1/payments/${publicId}`)).json()).toEqual(listed.data[0]);
    expect((await get('/api/v1/payments/pa_nope')).json().code).toBe('payment_not_found');
    expect((await get(`/api/v1/orders/${order.id}`)).json().attempts).toEqual({ count: 1, last_status: 'created' });
  });

  it("lists a customer's cards (brand, last4, expiry, holder) and deletes one as the page does", async () => {
    const { customerId, subscription } = await customerWithService(database.db);
    const cardId = await savedCard(customerId);
    await database.db
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: cardId })
      .where('id', '=', subscription.id)
      .execute();
    const listed = (await get(`/api/v1/cards?customer=cus_${customerId}`)).json();
    expect(listed.data).toEqual([
      {
        id: `card_${cardId}`,
        object: 'card',
        customer: `cus_${customerId}`,
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2030,
        holder: 'MARIO ROSSI',
        is_default: true,
        created_at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain('tok_');
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cards/card_${cardId}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(removed.json()).toEqual({ id: `card_${cardId}`, object: 'card', deleted: true });
    expect(deletedAtBank).toContain(`tok_${cardId}_${kind}`);
    expect((await get(`/api/v1/services/svc_${subscription.id}`)).json().auto_renew.enabled).toBe(false);
    expect((await get(`/api/v1/cards?customer=cus_${customerId}`)).json().data).toEqual([]);
    const again = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cards/card_${cardId}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(again.statusCode).toBe(404);
  });

  it('lists events newest first, by type, and gets one; an order created by the API is an order.created event', async () => {
    // Types nothing else in this file emits, so that the type filter counts only these two.
    const written = await database.db.transaction().execute(async (trx) => [
      await insertEvent(trx, {
        type: 'card.expiring',
        objectId: 'card_1',
        data: { card: { id: 'card_1' } },
        at: clock.now(),
      }),
      await insertEvent(trx, {
        type: 'renewal.succeeded',
        objectId: 'svc_1',
        data: { service: { id: 'svc_1' } },
        at: clock.now(),
      }),
    ]);
    const listed = (await get('/api/v1/events?limit=1')).json();
    expect(listed).toEqual({
      object: 'list',
      data: [
        {
          id: written[1]?.id,
          object: 'event',
          type: 'renewal.succeeded',
          created_at: '2026-12-02T10:00:00.000Z',
          data: { service: { id: 'svc_1' } },
        },
      ],
      has_more: true,
    });
    const next = (await get(`/api/v1/events?limit=1&starting_after=${written[1]?.id}`)).json();
    expect(next.data.map((e: { id: string }) => e.id)).toEqual([written[0]?.id]);
    expect((await get('/api/v1/events?type=card.expiring')).json().data).toHaveLength(1);
    expect((await get(`/api/v1/events/${written[0]?.id}`)).json().type).toBe('card.expiring');
    expect((await get('/api/v1/events/evt_nope')).statusCode).toBe(404);
    expect((await get('/api/v1/events?type=order.exploded')).statusCode).toBe(400);

    const { customerId, subscription } = await customerWithService(database.db);
    const order = (
      await post('/api/v1/orders', {
        customer: `cus_${customerId}`,
        service: `svc_${subscription.id}`,
        kind: 'renewal',
      })
    ).json();
    const created = (await get('/api/v1/events?type=order.created&limit=1')).json().data[0];
    expect(created).toMatchObject({
      type: 'order.created',
      data: { order: { id: order.id, state: 'awaiting_payment' } },
    });
  });

  it('lists the products with their prices, VAT and whether they renew automatically', async () => {
    const products = (await get('/api/v1/products')).json();
    expect(products.has_more).toBe(false);
    expect(products.data).toContainEqual({
      code: 'PEC',
      object: 'product',
      names: expect.objectContaining({ it: expect.any(String), en: expect.any(String) }),
      yearly_price_cents: expect.any(Number),
      currency: 'EUR',
      vat_rate_bp: 2200,
      auto_renew_available: true,
    });
  });

  it('answers unknown routes and malformed JSON as problems, never a 500', async () => {
    const missing = await get('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': `malformed-${kind}`,
        'content-type': 'application/json',
      },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_request');
    expect((await get('/api/v1/orders?limit=0')).statusCode).toBe(400);
    expect((await get('/api/v1/orders?limit=101')).statusCode).toBe(400);
    expect((await get('/api/v1/orders?starting_after=cus_1')).statusCode).toBe(400);
  });

  async function savedCard(customerId: number): Promise<number> {
    const row = await database.db
      .insertInto('saved_cards')
      .values({
        customer_id: customerId,
        bank_token: `tok_pending_${customerId}`,
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2030,
        holder: 'MARIO ROSSI',
        is_default: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('saved_cards')
      .set({ bank_token: `tok_${row.id}_${kind}` })
      .where('id', '=', row.id)
      .execute();
    return row.id;
  }
});
