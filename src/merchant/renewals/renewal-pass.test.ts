import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import type { Subscription } from '../../db/schema.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { addZonedDays, businessDate } from '../../shared/business-time.ts';
import { addDays, addYears } from '../../shared/clock.ts';
import { eventsOf } from '../events/testing/events-of.ts';
import { createOrder } from '../orders/create-order.ts';
import { transitionOrder } from '../orders/order-repository.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import { newAttemptPublicId, startPayment } from '../payments/start-payment.ts';
import { openPaymentsKit, type PaymentsKit, payWithSavedCard } from '../payments/test-payments.ts';
import { publicId } from '../public/public-ids.ts';
import { cancelAwaitingOrder } from './cancel-order.ts';
import { runRenewalPass } from './renewal-pass.ts';
import { listRenewalsNeedingAttention } from './renewal-repository.ts';
import {
  bankChargesFor,
  daysBeforeExpiry,
  newRenewingService,
  outboxOf,
  renewalChargesOf,
  renewalChargesOn,
  renewalDeps,
  renewOn,
  saveMarioCard,
} from './test-renewals.ts';

describe.each(testDatabaseKinds())('renewal pass on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });
  afterEach(async () => {
    // Each test starts with no service renewing and an empty outbox.
    await kit.db.updateTable('subscriptions').set({ auto_renew: false, auto_renew_card_id: null }).execute();
  });

  async function subscription(id: number): Promise<Subscription> {
    return kit.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
  async function renewalOf(subscriptionId: number) {
    return kit.db
      .selectFrom('renewals')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  }
  async function orderState(orderId: number) {
    return (await kit.db.selectFrom('orders').select('state').where('id', '=', orderId).executeTakeFirstOrThrow())
      .state;
  }

  it('6 days before the PEC expiry one pass charges once, extends the expiry and sends one email; a second does nothing', async () => {
    const pec = await renewOn(kit, 'pec', kit.marioCardId);
    daysBeforeExpiry(kit, pec, 6);
    const before = (await bankChargesFor(kit)).length;
    const deps = renewalDeps(kit);

    const first = await runRenewalPass(deps);
    // The demo PEC already has a renewal order awaiting payment: the renewal takes it over rather than open another.
    expect(first).toMatchObject({ due: 1, opened: 0, adopted: 1, tries: 1, approved: 1, declined: {} });
    const renewal = await renewalOf(pec.id);
    expect(renewal.status).toBe('succeeded');
    expect(await orderState(renewal.order_id)).toBe('paid');
    expect((await subscription(pec.id)).expires_on).toBe(addYears(pec.expires_on as string, 1));
    const succeeded = (await outboxOf(kit, 'renewal_succeeded')).filter((e) =>
      e.dedupe_key.endsWith(`:${renewal.order_id}`),
    );
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.data).toMatchObject({
      newExpiresOn: addYears(pec.expires_on as string, 1),
      card: { last4: '4444' },
    });
    expect((await bankChargesFor(kit)).length).toBe(before + 1);
    const succeededEvents = await eventsOf(kit.db, 'renewal.succeeded', publicId('service', pec.id));
    expect(succeededEvents).toHaveLength(1);
    expect(succeededEvents[0]?.data).toMatchObject({
      service: { id: publicId('service', pec.id), expires_on: addYears(pec.expires_on as string, 1) },
      order: { id: publicId('order', renewal.order_id as number), kind: 'renewal', state: 'paid' },
    });
    expect(await eventsOf(kit.db, 'order.paid', publicId('order', renewal.order_id as number))).toHaveLength(1);

    const emails = (await kit.db.selectFrom('email_outbox').select('id').execute()).length;
    const second = await runRenewalPass(deps);
    expect(second).toMatchObject({ due: 0, opened: 0, tries: 0, approved: 0 });
    expect((await bankChargesFor(kit)).length).toBe(before + 1);
    expect((await kit.db.selectFrom('email_outbox').select('id').execute()).length).toBe(emails);
    expect(
      await kit.db.selectFrom('renewals').select('id').where('subscription_id', '=', pec.id).execute(),
    ).toHaveLength(1);
  });

  it('a dry run reports what is due and changes nothing', async () => {
    const spid = await renewOn(kit, 'spid', kit.marioCardId);
    daysBeforeExpiry(kit, spid, 3);
    const charges = (await bankChargesFor(kit)).length;
    const outbox = await kit.db.selectFrom('email_outbox').select('id').execute();
    const dry = await runRenewalPass(renewalDeps(kit), { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, due: 1, opened: 1 });
    expect(await kit.db.selectFrom('renewals').select('id').where('subscription_id', '=', spid.id).execute()).toEqual(
      [],
    );
    expect((await bankChargesFor(kit)).length).toBe(charges);
    expect(await kit.db.selectFrom('email_outbox').select('id').execute()).toEqual(outbox);
  });

  it('a hard decline (0341) leaves the order awaiting payment with the banner and one email, never retried; paying by hand keeps the card', async () => {
    const cardId = await saveMarioCard(kit, '4000000000000341');
    const fatt = await renewOn(kit, 'fatturazione_pa', cardId);
    daysBeforeExpiry(kit, fatt, 7);
    const summary = await runRenewalPass(renewalDeps(kit));
    expect(summary).toMatchObject({ tries: 1, approved: 0, declined: { do_not_honor: 1 }, retriesScheduled: 0 });
    const renewal = await renewalOf(fatt.id);
    expect(renewal.status).toBe('failed');
    expect(await orderState(renewal.order_id)).toBe('awaiting_payment');
    const banner = await listRenewalsNeedingAttention(kit.db, kit.marioId);
    expect(banner.map((r) => r.subscription_id)).toContain(fatt.id);
    const failed = (await outboxOf(kit, 'renewal_failed')).filter((e) =>
      e.dedupe_key.includes(`:${renewal.order_id}:`),
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ declineCode: 'do_not_honor', actionRequired: false, nextRetryOn: null });
    const failedEvents = await eventsOf(kit.db, 'renewal.failed', publicId('service', fatt.id));
    expect(failedEvents).toHaveLength(1);
    expect(failedEvents[0]?.data).toMatchObject({
      service: { id: publicId('service', fatt.id) },
      order: { id: publicId('order', renewal.order_id as number), state: 'awaiting_payment' },
    });
    // A renewal charge is not an order payment: its decline is renewal.failed, not payment.failed.
    expect(await eventsOf(kit.db, 'payment.failed', publicId('order', renewal.order_id as number))).toEqual([]);
    expect(
      await kit.db
        .selectFrom('jobs')
        .select('id')
        .where('singleton_key', 'like', `renewal.charge:${renewal.id}:%`)
        .where('status', '=', 'queued')
        .execute(),
    ).toEqual([]);

    const charges = (await bankChargesFor(kit)).length;
    for (const days of [1, 3, 5]) {
      kit.clock.advance(days * 86_400_000);
      await runRenewalPass(renewalDeps(kit));
    }
    expect((await bankChargesFor(kit)).length).toBe(charges);

    const order = await kit.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', renewal.order_id)
      .executeTakeFirstOrThrow();
    const attempt = await payWithSavedCard(kit, order.number);
    await completeAttempt(kit.deps, attempt.id, 'return');
    expect(await orderState(order.id)).toBe('paid');
    expect((await subscription(fatt.id)).auto_renew_card_id).toBe(cardId);
    expect(await listRenewalsNeedingAttention(kit.db, kit.marioId)).toEqual([]);
  });

  it('authentication_required (3155) asks for on-session payment at once, by email, without retrying', async () => {
    const cardId = await saveMarioCard(kit, '4000002500003155');
    const spid = await renewOn(kit, 'spid', cardId);
    daysBeforeExpiry(kit, spid, 7);
    const summary = await runRenewalPass(renewalDeps(kit));
    expect(summary).toMatchObject({ declined: { authentication_required: 1 }, actionRequired: 1, retriesScheduled: 0 });
    const renewal = await renewalOf(spid.id);
    expect(renewal.status).toBe('action_required');
    const failed = (await outboxOf(kit, 'renewal_failed')).filter((e) =>
      e.dedupe_key.includes(`:${renewal.order_id}:`),
    );
    expect(failed.map((e) => e.data)).toMatchObject([{ declineCode: 'authentication_required', actionRequired: true }]);
    expect((await listRenewalsNeedingAttention(kit.db, kit.marioId)).map((r) => r.status)).toContain('action_required');
  });

  it('a processing_error is retried after 1, 3 and 5 days, then given up; never on or after the expiry', async () => {
    const cardId = await saveMarioCard(kit, '4000000000000119');
    const pec = await renewOn(kit, 'pec', cardId);
    const expiry = (await subscription(pec.id)).expires_on as string;
    kit.clock.set(`${addDays(expiry, -7)}T09:00:00Z`);
    const deps = renewalDeps(kit);
    const tries = async () => (await renewalChargesOn(kit, cardId)).length;

    expect(await runRenewalPass(deps)).toMatchObject({
      tries: 1,
      retriesScheduled: 1,
      declined: { processing_error: 1 },
    });
    const renewal = await renewalOf(pec.id);
    // The next day at the same time in Rome (09:00 UTC, unless the clocks change in between).
    const firstTry = new Date(`${addDays(expiry, -7)}T09:00:00Z`);
    expect(renewal.next_charge_at).toEqual(addZonedDays(firstTry, 1, deps.settings.timeZone));
    // Not due yet: a pass half a day later charges nothing.
    kit.clock.advance(12 * 3_600_000);
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 0 });
    kit.clock.set(`${addDays(expiry, -6)}T09:00:00Z`);
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 1 });
    kit.clock.set(`${addDays(expiry, -4)}T09:00:00Z`);
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 1 });
    kit.clock.set(`${addDays(expiry, -2)}T09:00:00Z`);
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 0 });
    expect(await tries()).toBe(4);
    expect((await renewalOf(pec.id)).status).toBe('failed');
    const emails = (await outboxOf(kit, 'renewal_failed')).filter((e) =>
      e.dedupe_key.includes(`:${renewal.order_id}:`),
    );
    expect(emails.map((e) => e.dedupe_key.split(':').at(-1))).toEqual(['retrying', 'final']);
    kit.clock.set(`${addDays(expiry, 1)}T09:00:00Z`);
    await runRenewalPass(deps);
    expect(await tries()).toBe(4);
  });

  it('a retry that would fall after the expiry is not scheduled', async () => {
    const cardId = await saveMarioCard(kit, '4000000000000119');
    const conservazione = await renewOn(kit, 'conservazione', cardId);
    daysBeforeExpiry(kit, conservazione, 4);
    const deps = renewalDeps(kit, { retryDays: [1, 5] });
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 1 });
    kit.clock.advance(86_400_000);
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 0 });
    expect((await renewalOf(conservazione.id)).status).toBe('failed');
  });

  it('a renewal order the customer is paying by hand right now is not charged: deferred, then closed once paid', async () => {
    kit.clock.set('2029-04-01T09:00:00Z');
    const service = await newRenewingService(kit, 'spid', '2029-04-05', kit.marioCardId);
    const order = await createOrder(
      kit.db,
      { customerId: kit.marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
      { clock: kit.clock, timeZone: kit.deps.timeZone },
    );
    const started = await startPayment(kit.deps, {
      customerId: kit.marioId,
      orderNumber: order.number,
      card: kit.marioCardId,
      requestKey: newAttemptPublicId(),
      locale: 'it',
      sessionRef: null,
    });
    if (started.kind !== 'redirect') throw new Error(started.kind);
    const deferred = await runRenewalPass(renewalDeps(kit));
    expect(deferred).toMatchObject({ opened: 0, adopted: 1, tries: 0, skipped: { payment_in_progress: 1 } });
    expect(await renewalChargesOf(kit, order.id)).toEqual([]);

    await new HostedClient(kit.bank).get(started.url);
    await completeAttempt(kit.deps, started.attempt.id, 'return');
    expect(await orderState(order.id)).toBe('paid');
    // Paying the renewal order by hand closes its renewal at once; its deferred charge finds nothing to do.
    expect((await renewalOf(service.id)).status).toBe('closed');
    kit.clock.advance(20 * 60_000);
    expect(await runRenewalPass(renewalDeps(kit))).toMatchObject({ tries: 0, skipped: { already_settled: 1 } });
    expect(await renewalChargesOf(kit, order.id)).toEqual([]);
  });

  it('while a renewal charge is at the bank the customer cannot start paying that order by hand: one charge pays it', async () => {
    kit.clock.set('2029-08-01T09:00:00Z');
    const service = await newRenewingService(kit, 'fatturazione_pa', '2029-08-06', kit.marioCardId);
    let byHand: Awaited<ReturnType<typeof startPayment>> | undefined;
    const racing = new Proxy(kit.gateway, {
      get(target, property) {
        if (property === 'chargeSavedCard') {
          return async (input: Parameters<typeof target.chargeSavedCard>[0]) => {
            const order = await kit.db
              .selectFrom('orders')
              .select('number')
              .where('subscription_id', '=', service.id)
              .where('state', '=', 'awaiting_payment')
              .executeTakeFirstOrThrow();
            byHand = await startPayment(kit.deps, {
              customerId: kit.marioId,
              orderNumber: order.number,
              card: kit.marioCardId,
              requestKey: newAttemptPublicId(),
              locale: 'it',
              sessionRef: null,
            });
            return target.chargeSavedCard(input);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const charges = (await bankChargesFor(kit)).length;
    expect(await runRenewalPass({ ...renewalDeps(kit), gateway: racing })).toMatchObject({ approved: 1 });
    expect(byHand).toEqual({ kind: 'charge_in_progress' });
    const renewal = await renewalOf(service.id);
    expect(await orderState(renewal.order_id)).toBe('paid');
    expect((await bankChargesFor(kit)).length).toBe(charges + 1);
    const sessions = await kit.db
      .selectFrom('payment_attempts')
      .select('purpose')
      .where('order_id', '=', renewal.order_id)
      .execute();
    expect(sessions).toEqual([{ purpose: 'renewal_charge' }]);
  });

  it("a renewal charge approved after its order was cancelled is refunded in full, once, with an email; the customer's Annulla is refused meanwhile", async () => {
    // Before the demo card (12/30) expires.
    kit.clock.set('2029-09-01T09:00:00Z');
    const service = await newRenewingService(kit, 'conservazione', '2029-09-06', kit.marioCardId);
    // The customer presses "Annulla" on the renewal order while the engine's charge is on its way to the bank.
    const racing = new Proxy(kit.gateway, {
      get(target, property) {
        if (property === 'chargeSavedCard') {
          return async (input: Parameters<typeof target.chargeSavedCard>[0]) => {
            const order = await kit.db
              .selectFrom('orders')
              .select(['id', 'number'])
              .where('subscription_id', '=', service.id)
              .where('state', '=', 'awaiting_payment')
              .executeTakeFirstOrThrow();
            // "Annulla" itself is refused while the charge is open (orders/order-states.ts)...
            const refused = await cancelAwaitingOrder(
              { db: kit.db, clock: kit.clock, timeZone: 'Europe/Rome' },
              { customerId: kit.marioId, orderNumber: order.number },
            );
            expect(refused).toEqual({ ok: false, reason: 'payment_in_progress' });
            // ...so the order is cancelled underneath, as any other path could: the approved charge must still go back.
            await transitionOrder(kit.db, {
              orderId: order.id,
              from: 'awaiting_payment',
              to: 'cancelled',
              reason: 'test: cancelled while the charge was at the bank',
              at: kit.clock.now(),
            });
            return target.chargeSavedCard(input);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const deps = { ...renewalDeps(kit), gateway: racing };

    expect(await runRenewalPass(deps)).toMatchObject({ approved: 0, skipped: { order_cancelled: 1 } });
    const renewal = await renewalOf(service.id);
    expect(await orderState(renewal.order_id)).toBe('cancelled');
    const [charge] = await renewalChargesOf(kit, renewal.order_id);
    expect(charge?.status).toBe('refund_pending');
    await kit.runJobs();
    await kit.runJobs();
    const [refunded] = await renewalChargesOf(kit, renewal.order_id);
    expect(refunded).toMatchObject({ status: 'refunded', refund_id: expect.stringMatching(/^re_/) });
    const atBank = await kit.bank.database.db
      .selectFrom('charges')
      .select(['amount_cents', 'refunded_cents'])
      .where('id', '=', refunded!.bank_charge_id!)
      .executeTakeFirstOrThrow();
    expect(atBank.refunded_cents).toBe(atBank.amount_cents);
    const refunds = await kit.bank.database.db
      .selectFrom('refunds')
      .select('id')
      .where('charge_id', '=', refunded!.bank_charge_id!)
      .execute();
    expect(refunds).toHaveLength(1);
    expect(
      (await outboxOf(kit, 'payment_refunded')).filter(
        (e) => e.dedupe_key === `payment_refunded:attempt:${refunded!.id}`,
      ),
    ).toHaveLength(1);
  });

  it('an expired card is never charged: the order waits with the banner and an email', async () => {
    kit.clock.set('2031-03-10T09:00:00Z');
    const now = kit.clock.now();
    const expired = await kit.db
      .insertInto('saved_cards')
      .values({
        customer_id: kit.marioId,
        bank_token: `tok_expired_${kind}_${now.getTime()}`,
        brand: 'visa',
        last4: '1111',
        exp_month: now.getUTCMonth() === 0 ? 12 : now.getUTCMonth(),
        exp_year: now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear(),
        holder: 'Mario Rossi',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const spid = await newRenewingService(kit, 'spid', '2031-03-15', expired.id);
    const charges = (await bankChargesFor(kit)).length;
    const summary = await runRenewalPass(renewalDeps(kit));
    expect(summary.declined).toEqual({ expired_card: 1 });
    expect((await bankChargesFor(kit)).length).toBe(charges);
    expect(await renewalChargesOn(kit, expired.id)).toEqual([]);
    const renewal = await renewalOf(spid.id);
    expect(renewal.status).toBe('failed');
    expect(
      (await outboxOf(kit, 'renewal_failed')).some(
        (e) => e.dedupe_key === `renewal_failed:order:${renewal.order_id}:final`,
      ),
    ).toBe(true);
  });
});

describe.each(testDatabaseKinds())('renewal notices on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('a card expiring before the next renewal, and a service expiring without automatic renewal, are each told once', async () => {
    // This month in Rome (the test may run in the hour when UTC is still in last month).
    const [year, month] = businessDate(kit.clock.now(), kit.deps.timeZone).split('-').map(Number) as [number, number];
    // Conservazione expires in 210 days: its renewal is 203 days away; a card valid only until this month lapses first.
    const cardId = await saveMarioCard(kit, '4000000000003220', { month, year });
    const conservazione = await renewOn(kit, 'conservazione', cardId);
    const deps = renewalDeps(kit);
    const renewalDay = addDays(conservazione.expires_on as string, -7);
    kit.clock.set(`${addDays(renewalDay, -40)}T09:00:00Z`);
    expect((await runRenewalPass(deps)).notices.cardExpiring).toBe(0);
    kit.clock.set(`${addDays(renewalDay, -30)}T09:00:00Z`);
    const first = await runRenewalPass(deps);
    expect(first.notices.cardExpiring).toBe(1);
    expect((await runRenewalPass(deps)).notices.cardExpiring).toBe(0);
    const notices = await outboxOf(kit, 'card_expiring');
    expect(notices).toHaveLength(1);
    const expiringEvents = await eventsOf(kit.db, 'card.expiring', publicId('card', cardId));
    expect(expiringEvents).toHaveLength(1);
    expect(expiringEvents[0]?.data).toMatchObject({
      card: { id: publicId('card', cardId), exp_month: month, exp_year: year },
      services: [{ id: publicId('service', conservazione.id) }],
    });
    expect(notices[0]?.data).toMatchObject({
      subscriptions: [{ subscriptionId: conservazione.id, nextRenewalDate: renewalDay }],
    });

    // Without automatic renewal, Marca Temporale (120 days) is told 30 days before its expiry, once.
    const marca = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', kit.marioId)
      .where('product_code', '=', 'marca_temporale')
      .executeTakeFirstOrThrow();
    kit.clock.set(`${addDays(marca.expires_on as string, -30)}T09:00:00Z`);
    await runRenewalPass(deps);
    await runRenewalPass(deps);
    const expiring = (await outboxOf(kit, 'service_expiring')).filter((e) =>
      e.dedupe_key.startsWith(`service_expiring:subscription:${marca.id}:`),
    );
    expect(expiring).toHaveLength(1);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('renewals exactly once on PostgreSQL', () => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit('postgres', { poolSize: 40 });
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('three passes at once charge each due service once', async () => {
    kit.clock.set('2030-05-10T09:00:00Z');
    const services = [];
    for (let i = 0; i < 20; i++)
      services.push(await newRenewingService(kit, 'pec', `2030-05-1${1 + (i % 7)}`, kit.marioCardId));
    const before = (await bankChargesFor(kit)).length;
    const deps = renewalDeps(kit);
    const passes = await Promise.all([
      runRenewalPass(deps, { concurrency: 4 }),
      runRenewalPass(deps, { concurrency: 4 }),
      runRenewalPass(deps, { concurrency: 2 }),
    ]);
    expect(passes.reduce((n, p) => n + p.approved, 0)).toBe(20);
    expect((await bankChargesFor(kit)).length).toBe(before + 20);
    for (const service of services) {
      const renewals = await kit.db
        .selectFrom('renewals')
        .select(['status', 'order_id'])
        .where('subscription_id', '=', service.id)
        .execute();
      expect(renewals).toMatchObject([{ status: 'succeeded' }]);
      const succeeded = await kit.db
        .selectFrom('email_outbox')
        .select('id')
        .where('dedupe_key', '=', `renewal_succeeded:order:${renewals[0]?.order_id}`)
        .execute();
      expect(succeeded).toHaveLength(1);
    }
  });
});
