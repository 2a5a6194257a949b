import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import {
  capturedPayment,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../payments/test-payments.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

let requests = 0;
const idempotencyKey = () => `refund-route-${process.pid}-${++requests}`;

describe.each(testDatabaseKinds())('POST /payments/:id/refunds and /orders/:id/payment-link on %s', (kind) => {
  let kit: PaymentsKit;
  let api: ApiApp;
  let key: string;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    api = await apiTestApp(kit.db, kit.clock, { gateway: kit.gateway });
    key = await testApiKey(kit.db);
  });
  afterAll(async () => {
    await api?.close();
    await kit?.close();
  });

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    api.inject({
      method: 'POST',
      url,
      payload,
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey(), ...headers },
    });

  it('refunds part, then the rest; more than is left is a 422 naming what is left; a retry is the same refund', async () => {
    const { attempt } = await capturedPayment(kit);
    const url = `/api/v1/payments/${attempt.public_id}/refunds`;
    const retryKey = idempotencyKey();
    const part = await post(url, { amount: 500, reason: 'Sconto concordato' }, { 'idempotency-key': retryKey });
    expect(part.statusCode).toBe(201);
    expect(part.json()).toMatchObject({ object: 'refund', payment: attempt.public_id, amount_cents: 500 });
    expect(part.json().status).toBe('succeeded');
    expect(part.json().id).toMatch(/^re_\d+$/);

    const again = await post(url, { amount: 500, reason: 'Sconto concordato' }, { 'idempotency-key': retryKey });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(part.json().id);

    const left = attempt.amount_cents - 500;
    const tooMuch = await post(url, { amount: left + 1 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.headers['content-type']).toContain('application/problem+json');
    expect(tooMuch.json()).toMatchObject({ code: 'refund_exceeds_payment' });
    expect(tooMuch.json().detail).toContain(`${left} cents`);

    expect((await post(url, { amount: left })).statusCode).toBe(201);
    const payment = await api.inject({
      url: `/api/v1/payments/${attempt.public_id}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(payment.json()).toMatchObject({ status: 'refunded', amount_refunded_cents: attempt.amount_cents });
    expect(payment.json().refunds).toHaveLength(2);
    // At the bank too: the money went back, once per refund.
    const session = await kit.gateway.getPaymentSession(attempt.bank_session_id as string);
    expect(session?.amountRefundedCents).toBe(attempt.amount_cents);
  });

  it('refuses a payment it does not know, one not captured, and an amount that is not whole cents', async () => {
    expect((await post('/api/v1/payments/pa_nope/refunds', { amount: 100 })).json().code).toBe('payment_not_found');
    const order = await newOrder(kit, 'spid');
    const open = await payWithSavedCard(kit, order.number);
    const notCaptured = await post(`/api/v1/payments/${open.public_id}/refunds`, { amount: 100 });
    expect(notCaptured.statusCode).toBe(409);
    expect(notCaptured.json().code).toBe('payment_not_refundable');
    const fraction = await post(`/api/v1/payments/${open.public_id}/refunds`, { amount: 1.5 });
    expect(fraction.statusCode).toBe(400);
  });

  it('a payment link opens Area Clienti for an order awaiting payment; a paid one is refused', async () => {
    const order = await newOrder(kit, 'pec');
    const link = await post(`/api/v1/orders/ord_${order.id}/payment-link`, { expires_in: 3600, email: true });
    expect(link.statusCode).toBe(201);
    expect(link.json()).toMatchObject({ object: 'payment_link', order: `ord_${order.id}`, emailed: true });
    expect(link.json().url).toMatch(/\/link-pagamento\/\d+\.\d+\.[0-9a-f]{64}$/);
    // An hour from now, to the second (the link carries whole seconds).
    const inAnHour = Math.floor(kit.clock.now().getTime() / 1000) * 1000 + 3_600_000;
    expect(new Date(link.json().expires_at).getTime()).toBe(inAnHour);
    const { order: paid } = await capturedPayment(kit);
    const refused = await post(`/api/v1/orders/ord_${paid.id}/payment-link`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('order_not_payable');
    expect((await post('/api/v1/orders/ord_999999999/payment-link', {})).json().code).toBe('order_not_found');
  });
});
