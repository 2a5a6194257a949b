import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO } from '../demo/demo-data.ts';
import { newAttemptPublicId, startPayment } from './start-payment.ts';
import { openPaymentsKit, type PaymentsKit } from './test-payments.ts';

/** The description the bank shows the customer follows the customer's language, not the order lines' Italian. */
describe.each(testDatabaseKinds())('the payment description at the bank on %s', (kind) => {
  let kit: PaymentsKit;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  });
  afterAll(async () => {
    await kit?.close();
  });

  /** An order awaiting payment of the demo customer with this email, and its service's label. */
  async function awaitingOrderOf(email: string) {
    return kit.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
      .select(['o.number', 'o.customer_id', 's.label'])
      .where('c.email', '=', email)
      .where('o.state', '=', 'awaiting_payment')
      .where('s.product_code', '=', 'pec')
      .executeTakeFirstOrThrow();
  }

  async function startNewCard(order: { number: string; customer_id: number }, locale: 'it' | 'en') {
    const started = await startPayment(kit.deps, {
      customerId: order.customer_id,
      orderNumber: order.number,
      card: 'new',
      requestKey: newAttemptPublicId(),
      locale,
      sessionRef: null,
    });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    const session = await kit.bank.database.db
      .selectFrom('payment_sessions')
      .select(['description', 'locale'])
      .where('id', '=', started.attempt.bank_session_id ?? '')
      .executeTakeFirstOrThrow();
    return { started, session };
  }

  it('Giulia, in English, is shown an English description on the bank’s English page', async () => {
    const order = await awaitingOrderOf(DEMO_GIULIA.email);
    const { started, session } = await startNewCard(order, 'en');
    expect(session).toEqual({
      locale: 'en',
      description: `PEC - Certified Email — ${order.label} - ${order.number}`,
    });
    const browser = new HostedClient(kit.bank);
    await browser.get(started.url);
    expect(browser.lastHtml).toContain('Card number');
    expect(browser.lastHtml).toContain(`PEC - Certified Email — ${order.label} - ${order.number}`);
    expect(browser.lastHtml).not.toContain('Posta Elettronica Certificata');
    // The order's own lines keep the Italian of the invoice.
    const line = await kit.db
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .select('l.description')
      .where('o.number', '=', order.number)
      .executeTakeFirstOrThrow();
    expect(line.description).toContain('PEC - Posta Elettronica Certificata');
  });

  it('an Italian customer keeps the Italian description', async () => {
    const order = await awaitingOrderOf(DEMO_MARIO.email);
    const { session } = await startNewCard(order, 'it');
    expect(session).toEqual({
      locale: 'it',
      description: `PEC - Posta Elettronica Certificata — ${order.label} - ${order.number}`,
    });
  });
});
