import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { emailSettingsFrom, renderEmail } from '../email/render-email.ts';
import { createOrder } from '../orders/create-order.ts';
import { saveMarioCard } from '../renewals/test-renewals.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';
import { completeAttempt } from './complete-attempt.ts';
import { newAttemptPublicId, startPayment } from './start-payment.ts';
import { marioOrder, openPaymentsKit, type PaymentsKit, payWithSavedCard } from './test-payments.ts';

// The business day of a payment is Rome's (BUSINESS_TIME_ZONE), on the real path: Pagamenti → bank → record-payment.
describe.each(testDatabaseKinds())('the business day of a payment on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  async function serviceOf(id: number) {
    return kit.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  async function pay(orderNumber: string) {
    const attempt = await payWithSavedCard(kit, orderNumber);
    const settled = await completeAttempt(kit.deps, attempt.id, 'return');
    expect(settled.status).toBe('authorized');
  }

  it('a card valid through 12/2026 can pay at 23:30 on 31 December in Rome, and not half an hour after midnight', async () => {
    kit.clock.set('2026-12-31T22:30:00Z');
    const cardId = await saveMarioCard(kit, '4242424242424242', { month: 12, year: 2026 });
    const order = await marioOrder(kit, 'spid');
    const start = () =>
      startPayment(kit.deps, {
        customerId: kit.marioId,
        orderNumber: order.number,
        card: cardId,
        requestKey: newAttemptPublicId(),
        locale: 'it',
        sessionRef: null,
      });
    expect((await start()).kind).toBe('redirect');
    // 00:30 on 1 January in Rome; UTC still says 31 December.
    kit.clock.set('2026-12-31T23:30:00Z');
    expect((await start()).kind).toBe('card_not_usable');
  });

  it('a payment at 23:30 UTC on the eve of the spring DST change activates the service on the next day, as Rome counts', async () => {
    // 2027-03-27T23:30:00Z is 00:30 CET on Sunday 28 March (the clocks go forward at 02:00 that night).
    kit.clock.set('2027-03-27T23:30:00Z');
    const order = await marioOrder(kit, 'firma_digitale');
    expect((await serviceOf(order.subscription_id)).status).toBe('pending');
    await pay(order.number);
    expect(await serviceOf(order.subscription_id)).toMatchObject({
      status: 'active',
      activated_on: '2027-03-28',
      expires_on: '2028-03-28',
    });
    // The confirmation says the same: paid on 28/03/2027 at 00:30.
    const email = await kit.db
      .selectFrom('email_outbox')
      .select(['data', 'locale'])
      .where('dedupe_key', '=', `payment_confirmation:order:${order.id}`)
      .executeTakeFirstOrThrow();
    expect(email.data.paidAt).toBe('2027-03-27T23:30:00.000Z');
    const settings = emailSettingsFrom(loadConfig({ NODE_ENV: 'test' }));
    expect(renderEmail('payment_confirmation', email.data as never, 'it', settings).text).toMatch(
      /28\/03\/2027.*00:30/,
    );
  });

  it('a service that expired "today" in UTC but yesterday in Rome starts anew from the Rome day', async () => {
    kit.clock.set('2027-03-27T23:30:00Z');
    const service = await insertSubscription(kit.db, {
      customerId: kit.marioId,
      productCode: 'pec',
      label: 'lapsed-at-midnight@pec.example.it',
      status: 'active',
      activatedOn: '2026-03-27',
      expiresOn: '2027-03-27',
    });
    const order = await createOrder(
      kit.db,
      { customerId: kit.marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock: kit.clock, timeZone: kit.deps.timeZone },
    );
    await pay(order.number);
    // Counted in UTC the service would still be running (27 ≥ 27) and end on 2028-03-27, losing a day of the year.
    expect((await serviceOf(service.id)).expires_on).toBe('2028-03-28');
  });
});
