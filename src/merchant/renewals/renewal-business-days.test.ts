import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { businessDayStart } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';
import { runRenewalPass } from './renewal-pass.ts';
import { bankChargesFor, newRenewingService, outboxOf, renewalDeps, saveMarioCard } from './test-renewals.ts';

// The renewal engine's days are Rome's (BUSINESS_TIME_ZONE): the pass, the sandbox bank and the database are real.
describe.each(testDatabaseKinds())('renewal days in Rome on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });
  afterEach(async () => {
    await kit.db.updateTable('subscriptions').set({ auto_renew: false, auto_renew_card_id: null }).execute();
  });

  async function renewalsOf(subscriptionId: number) {
    return kit.db.selectFrom('renewals').selectAll().where('subscription_id', '=', subscriptionId).execute();
  }

  // Day D − 7 starts at 23:00Z the evening before in winter (CET, +1), at 22:00Z in summer (CEST, +2).
  it.each([
    {
      season: 'winter',
      expiresOn: '2028-01-20',
      evening: { '2028-01-12T21:59:00Z': 0, '2028-01-12T22:59:00Z': 0, '2028-01-12T23:01:00Z': 1 },
    },
    {
      season: 'summer',
      expiresOn: '2028-07-20',
      // 22:59Z is already 00:59 on D − 7 in Rome: due, where UTC would still say D − 8.
      evening: { '2028-07-12T21:59:00Z': 0, '2028-07-12T22:59:00Z': 1, '2028-07-12T23:01:00Z': 1 },
    },
  ])('a service expiring on day D is due from the start of D − 7 in Rome ($season)', async ({ expiresOn, evening }) => {
    const service = await newRenewingService(kit, 'pec', expiresOn, kit.marioCardId);
    const deps = renewalDeps(kit);
    const start = businessDayStart(addDays(expiresOn, -7), deps.settings.timeZone);
    for (const [at, due] of Object.entries(evening)) {
      kit.clock.set(at);
      expect({ at, due: (await runRenewalPass(deps, { dryRun: true })).due }).toEqual({ at, due });
      expect(due).toBe(new Date(at) >= start ? 1 : 0);
    }
    expect(await renewalsOf(service.id)).toEqual([]);
    // The first pass of D − 7 renews it, once.
    kit.clock.set(start);
    expect(await runRenewalPass(deps)).toMatchObject({ due: 1, opened: 1, approved: 1 });
    expect(await renewalsOf(service.id)).toMatchObject([{ status: 'succeeded', period_start: expiresOn }]);
    kit.clock.set(new Date(start.getTime() + 60 * 60_000));
    expect(await runRenewalPass(deps)).toMatchObject({ due: 0, opened: 0 });
  });

  it('a card valid through 12/2026 is charged at 23:30 on 31 December in Rome, and never at 00:30 on 1 January', async () => {
    kit.clock.set('2026-12-31T22:30:00Z');
    const cardId = await saveMarioCard(kit, '4242424242424242', { month: 12, year: 2026 });
    const deps = renewalDeps(kit);
    const before = (await bankChargesFor(kit)).length;

    const lastEvening = await newRenewingService(kit, 'conservazione', '2027-01-05', cardId);
    expect(await runRenewalPass(deps)).toMatchObject({ approved: 1, declined: {} });
    expect(await renewalsOf(lastEvening.id)).toMatchObject([{ status: 'succeeded' }]);
    expect((await bankChargesFor(kit)).length).toBe(before + 1);

    // 2026-12-31T23:30:00Z: still December in UTC, already January in Rome: the card has expired.
    kit.clock.set('2026-12-31T23:30:00Z');
    const newYear = await newRenewingService(kit, 'fatturazione_pa', '2027-01-06', cardId);
    expect(await runRenewalPass(deps)).toMatchObject({ approved: 0, declined: { expired_card: 1 } });
    expect(await renewalsOf(newYear.id)).toMatchObject([{ status: 'failed', last_decline_reason: 'expired_card' }]);
    expect((await bankChargesFor(kit)).length).toBe(before + 1);
  });

  it('a retry "1 day later" after a try at 00:30 on the autumn DST Sunday falls on Monday at 00:30, 25 hours later', async () => {
    const cardId = await saveMarioCard(kit, '4000000000000119'); // processing_error: retried on schedule
    // Expires 7 November 2027: due from the start of 31 October in Rome, the day the clocks go back at 03:00.
    const service = await newRenewingService(kit, 'pec', '2027-11-07', cardId);
    const deps = renewalDeps(kit, { retryDays: [1, 3] });
    kit.clock.set('2027-10-30T22:30:00Z'); // 00:30 CEST on Sunday 31 October
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 1 });
    const [renewal] = await renewalsOf(service.id);
    // 00:30 CET on Monday 1 November: 25 hours on, not 24 (which would still be Sunday, 23:30, in Rome).
    expect(renewal?.next_charge_at?.toISOString()).toBe('2027-10-31T23:30:00.000Z');
    const emails = (await outboxOf(kit, 'renewal_failed')).filter((e) =>
      e.dedupe_key.startsWith(`renewal_failed:order:${renewal?.order_id}:`),
    );
    expect(emails.map((e) => e.data.nextRetryOn)).toEqual(['2027-11-01']);

    kit.clock.set('2027-10-31T22:30:00Z'); // 24 hours later: 23:30 on Sunday in Rome
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 0 });
    kit.clock.set('2027-10-31T23:30:00Z');
    expect(await runRenewalPass(deps)).toMatchObject({ tries: 1, retriesScheduled: 1 });
    // The second retry, 3 days after the first try: Wednesday 3 November at 00:30 in Rome.
    expect((await renewalsOf(service.id))[0]?.next_charge_at?.toISOString()).toBe('2027-11-02T23:30:00.000Z');
  });

  it('a service without automatic renewal is told of its expiry from the start of D − 30 in Rome', async () => {
    const service = await insertSubscription(kit.db, {
      customerId: kit.marioId,
      productCode: 'spid',
      label: 'expiring-in-rome',
      status: 'active',
      activatedOn: '2028-04-15',
      expiresOn: '2029-04-15',
    });
    const deps = renewalDeps(kit);
    // D − 30 = 16 March 2029, winter time: it starts at 23:00Z on the 15th.
    kit.clock.set('2029-03-15T22:59:00Z');
    expect((await runRenewalPass(deps)).notices.serviceExpiring).toBe(0);
    kit.clock.set('2029-03-15T23:01:00Z');
    expect((await runRenewalPass(deps)).notices.serviceExpiring).toBe(1);
    expect(
      (await outboxOf(kit, 'service_expiring')).filter((e) =>
        e.dedupe_key.startsWith(`service_expiring:subscription:${service.id}:`),
      ),
    ).toHaveLength(1);
  });
});
