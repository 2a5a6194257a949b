import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { createScratchPostgresDatabase } from '../src/db/test-databases.ts';
import { DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { DEFAULT_DELIVERY_OPTIONS } from '../src/merchant/email/email-delivery.ts';
import { EMAIL_QUEUE } from '../src/merchant/email/outbox-repository.ts';
import { logInNewContext } from './support/area.ts';
import { payAtBankBySms } from './support/bank-page.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { type Cluster, type RoleProcess, startCluster } from './support/cluster.ts';
import { enqueueRenewalPass, insertDueServices, renewedCount } from './support/cluster-fixtures.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const DUE = 200;

/** Polls `check` until it returns a value, or fails after `timeoutMs` with what `describe` says of the last look. */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string | (() => Promise<string>),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Scale-out on one PostgreSQL (issue 13): two `area,pay` processes behind a round-robin proxy, two `worker`
 * processes and a `bank,inbox` process, all real. Customers pay through both web processes within one flow, and a
 * renewal pass survives the worker running it being killed with SIGKILL: each service charged once at the bank,
 * each email delivered once.
 */
describe.skipIf(!serverUrl || skipBrowserTests)('scale-out: roles in separate processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let cluster: Cluster;
  let db: Kysely<MerchantDatabase>;
  let browser: Browser;

  beforeAll(async () => {
    database = await createScratchPostgresDatabase(serverUrl as string, 'cassa_scale');
    cluster = await startCluster({ databaseUrl: database.url, web: 2, workers: 2 });
    db = new Kysely<MerchantDatabase>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
    });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await cluster?.stop();
    await database?.drop();
  }, 120_000);

  it('Flow A (saved card) and Flow B (new card, 3-D Secure by SMS) through both web processes', async () => {
    // A worker has no web port: it is probed on its metrics port.
    for (const worker of cluster.workers) {
      const readyz = await fetch(new URL('/readyz', worker.metricsUrl));
      expect(readyz.status).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    }
    const before = [...cluster.proxies.area.served.values(), ...cluster.proxies.pay.served.values()];
    expect(before.every((n) => n === 0)).toBe(true);
    const mario = await logInNewContext(browser, cluster.urls.area, DEMO_MARIO.email);
    // Flow A: Mario pays his PEC's renewal with his saved card.
    const paidA = await payFrom(mario, 'mario.rossi@pec.example.it', { newCard: false });
    // Flow B: then his SPID's, with a new card approved with the SMS code at the bank.
    await mario.goto(cluster.urls.area);
    const paidB = await payFrom(mario, 'SPID - Mario Rossi (RSSMRA80A01H501U)', { newCard: true });
    for (const number of [paidA, paidB]) {
      const order = await db
        .selectFrom('orders')
        .select(['state'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      expect(order.state, number).toBe('paid');
    }
    // Every step alternated between the two processes: both served their share of each app.
    for (const proxy of [cluster.proxies.area, cluster.proxies.pay]) {
      const counts = [...proxy.served.values()];
      expect(counts).toHaveLength(2);
      expect(Math.min(...counts)).toBeGreaterThan(2);
    }
    await mario.context().close();

    /** Area Clienti "Gestisci" → "Paga" → "Paga Subito" → the order → the card → "Procedi" (→ the bank). */
    async function payFrom(page: Page, service: string, options: { newCard: boolean }): Promise<string> {
      await page.getByRole('row').filter({ hasText: service }).getByRole('link', { name: 'Gestisci' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
      const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
      expect(number).not.toBe('');
      await row.getByRole('link', { name: 'Paga', exact: true }).click();
      await page.getByRole('button', { name: 'Paga Subito' }).click();
      await page.getByLabel("Numero d'ordine").fill(number);
      await page.getByRole('button', { name: 'Procedi' }).click();
      if (options.newCard) await page.getByLabel('Nuova carta di pagamento').check();
      await page.getByRole('button', { name: /^Procedi/ }).click();
      if (options.newCard) {
        await page.waitForURL(`${cluster.urls.bank}/pay/**`);
        await payAtBankBySms(page, cluster.urls.bank, { holder: 'Mario Rossi', number: '4242 4242 4242 4242' });
      }
      await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor({ timeout: 60_000 });
      return number;
    }
  }, 180_000);

  it(`a renewal pass of ${DUE} services survives SIGKILL of the worker running it: each charged once, each email in the mailbox once`, async () => {
    await insertDueServices(db, 'scale', DUE);
    const ours = db.selectFrom('subscriptions').select('id').where('label', 'like', 'scale-%');
    const passKey = await enqueueRenewalPass(db, 'scale-out-test');
    const holder = await eventually(
      async () => {
        const job = await db
          .selectFrom('jobs')
          .select('locked_by')
          .where('singleton_key', '=', passKey)
          .where('status', '=', 'running')
          .executeTakeFirst();
        return job?.locked_by ?? undefined;
      },
      30_000,
      'a worker to claim the renewal pass',
    );
    const victim = cluster.workers.find((w) => holder.includes(`:${w.started.child.pid}:`)) as RoleProcess;
    expect(victim, `the pass is held by ${holder}`).toBeDefined();

    // Mid-pass: some renewals charged, most not yet.
    const chargedSoFar = () => renewedCount(db, 'scale');
    const atKill = await eventually(
      async () => {
        const n = await chargedSoFar();
        return n >= 10 ? n : undefined;
      },
      60_000,
      'the first renewals to be charged',
    );
    victim.started.child.kill('SIGKILL');
    await victim.started.exited;
    expect(atKill).toBeLessThan(DUE);

    // The other worker notices the dead one (its liveness row goes stale), takes its claims and the pass over.
    await eventually(async () => ((await chargedSoFar()) === DUE ? true : undefined), 150_000, `${DUE} renewals`);
    // It was the liveness row, not a lease running out, that freed the dead worker's claims.
    const survivor = cluster.workers.find((w) => w !== victim) as RoleProcess;
    const release = survivor.started
      .output()
      .split('\n')
      .find((line) => line.includes('released the jobs of workers that stopped answering'));
    expect(release).toContain(holder);
    const attempts = await db
      .selectFrom('payment_attempts')
      .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
      .select(['orders.subscription_id', 'payment_attempts.public_id', 'payment_attempts.status'])
      .where('orders.subscription_id', 'in', ours)
      .where('payment_attempts.purpose', '=', 'renewal_charge')
      .execute();
    expect(attempts).toHaveLength(DUE);
    expect(new Set(attempts.map((a) => a.subscription_id)).size).toBe(DUE);
    expect(attempts.every((a) => a.status === 'captured')).toBe(true);
    // At the bank: one approved charge per service, none twice (references are `renewal-<renewal>-<try>`).
    const charges = await sql<{ id: number; n: string }>`
      select r.id, count(c.id) as n from renewals r
        join bank.charges c on c.merchant_reference like 'renewal-' || r.id || '-%' and c.status = 'approved'
      where r.subscription_id in (select id from subscriptions where label like 'scale-%')
      group by r.id`.execute(db);
    expect(charges.rows).toHaveLength(DUE);
    expect(charges.rows.every((row) => Number(row.n) === 1)).toBe(true);

    // One "rinnovo riuscito" email per service; every email of the run (Flow A's and B's too) delivered exactly once.
    const confirmations = await db
      .selectFrom('email_outbox')
      .innerJoin('orders', 'orders.customer_id', 'email_outbox.customer_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('email_outbox.template', '=', 'renewal_succeeded')
      .where('orders.subscription_id', 'in', ours)
      .where(sql<boolean>`email_outbox.dedupe_key = 'renewal_succeeded:order:' || orders.id`)
      .executeTakeFirstOrThrow();
    expect(Number(confirmations.n)).toBe(DUE);
    const outbox = await eventually(
      async () => {
        // The emails this run queued (the demo history's were written as sent, without a delivery job).
        const rows = await db
          .selectFrom('email_outbox')
          .select(['message_id', 'status'])
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('jobs')
                .select('jobs.id')
                .where('jobs.queue', '=', EMAIL_QUEUE)
                .where(sql<boolean>`(jobs.payload->>'emailId')::bigint = email_outbox.id`),
            ),
          )
          .execute();
        return rows.every((row) => row.status === 'sent') ? rows : undefined;
      },
      60_000,
      async () => {
        const rows = await sql<{ status: string; template: string; n: string; j: string }>`
          select e.status, e.template, count(*) as n,
            string_agg(distinct j.status || ' ' || j.attempts || ' ' || coalesce(j.last_error, ''), '; ') as j
          from email_outbox e left join jobs j on j.queue = 'email.send' and (j.payload->>'emailId')::int = e.id
          group by 1, 2`.execute(db);
        return `every email to be sent: ${JSON.stringify(rows.rows)}`;
      },
    );
    const inbox = (await (await fetch(`${cluster.urls.inbox}/api/messages`)).json()) as Array<{
      messageId: string | null;
      deliveries: number;
    }>;
    const mailbox = new Map(inbox.map((message) => [message.messageId, message.deliveries]));
    // Each email is in the mailbox once. SMTP has no two-phase commit: an email whose 250 reached the killed worker
    // but whose "sent" mark did not is sent again by the survivor with the same Message-ID (the mailbox counts it),
    // at most one per send the victim had in flight.
    expect(inbox.length).toBe(outbox.length);
    for (const row of outbox) expect(mailbox.has(row.message_id), row.message_id).toBe(true);
    const resent = inbox.reduce((sum, message) => sum + message.deliveries - 1, 0);
    expect(resent).toBeLessThanOrEqual(DEFAULT_DELIVERY_OPTIONS.parallel);
  }, 300_000);
});
