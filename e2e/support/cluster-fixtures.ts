import { type Kysely, sql } from 'kysely';
import type { MerchantDatabase } from '../../src/db/schema.ts';
import { enqueueJob } from '../../src/jobs/job-queue.ts';
import { DEMO_MARIO } from '../../src/merchant/demo/demo-data.ts';
import { createOrder } from '../../src/merchant/orders/create-order.ts';
import { RENEWAL_PASS_QUEUE } from '../../src/merchant/renewals/renewal-queues.ts';
import { businessDate, DEFAULT_BUSINESS_TIME_ZONE } from '../../src/shared/business-time.ts';
import { addDays, systemClock } from '../../src/shared/clock.ts';

type Db = Kysely<MerchantDatabase>;

/** Mario's saved Mastercard •••• 4444 (registered at the bank by the bank process at start), and his id. */
export function marioSavedCard(db: Db) {
  return db
    .selectFrom('saved_cards')
    .innerJoin('customers', 'customers.id', 'saved_cards.customer_id')
    .select(['saved_cards.id', 'saved_cards.customer_id'])
    .where('customers.email', '=', DEMO_MARIO.email)
    .where('saved_cards.last4', '=', '4444')
    .executeTakeFirstOrThrow();
}

/**
 * `count` PEC services of Mario's labelled `<prefix>-<n>@pec.example.it`, renewing automatically on his saved card
 * and expiring in 3 days (in Rome): all due for renewal at the next pass, by the real clock the processes use.
 */
export async function insertDueServices(db: Db, prefix: string, count: number): Promise<void> {
  const card = await marioSavedCard(db);
  const expiresOn = addDays(businessDate(new Date(), DEFAULT_BUSINESS_TIME_ZONE), 3);
  await sql`
    insert into subscriptions (customer_id, product_code, label, status, activated_on, expires_on, auto_renew,
      auto_renew_card_id)
    select ${card.customer_id}, 'pec', ${prefix} || '-' || n || '@pec.example.it', 'active',
      ${addDays(expiresOn, -365)}::date, ${expiresOn}::date, true, ${card.id}
    from generate_series(1, ${count}) as n`.execute(db);
}

/** A renewal pass, as the schedule writes one: a singleton job that one of the workers claims. Its key is returned. */
export async function enqueueRenewalPass(db: Db, slot: string): Promise<string> {
  const singletonKey = `schedule:${RENEWAL_PASS_QUEUE}:${slot}`;
  await enqueueJob(db, {
    queue: RENEWAL_PASS_QUEUE,
    payload: { slot },
    runAt: new Date(),
    singletonKey,
    maxAttempts: 3,
  });
  return singletonKey;
}

/** How many of the services labelled `<prefix>-…` have been renewed (charged and recorded). */
export async function renewedCount(db: Db, prefix: string): Promise<number> {
  const row = await db
    .selectFrom('renewals')
    .innerJoin('subscriptions', 'subscriptions.id', 'renewals.subscription_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subscriptions.label', 'like', `${prefix}-%`)
    .where('renewals.status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * `count` PEC services of Mario's (`<prefix>-<n>@pec.example.it`), each with an order awaiting payment, as the API or
 * a renewal makes them. Their order numbers.
 */
export async function awaitingOrders(db: Db, prefix: string, count: number): Promise<string[]> {
  const card = await marioSavedCard(db);
  const services = await sql<{ id: number }>`
    insert into subscriptions (customer_id, product_code, label, status, activated_on, expires_on, auto_renew)
    select ${card.customer_id}, 'pec', ${prefix} || '-' || n || '@pec.example.it', 'active', current_date - 300,
      current_date + 65, false
    from generate_series(1, ${count}) as n
    returning id`.execute(db);
  const numbers: string[] = [];
  for (const service of services.rows) {
    const order = await createOrder(
      db,
      { customerId: card.customer_id, subscriptionId: Number(service.id), kind: 'renewal', periodYears: 1 },
      { clock: systemClock, timeZone: DEFAULT_BUSINESS_TIME_ZONE },
    );
    numbers.push(order.number);
  }
  return numbers;
}
