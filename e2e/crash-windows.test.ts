import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../src/merchant/demo/demo-data.ts';
import { addDays } from '../src/shared/clock.ts';
import { HttpSession } from './support/http-session.ts';
import { freePorts } from './support/ports.ts';
import { runEntry, type Started, waitForOutput } from './support/processes.ts';

/**
 * Crash windows on the embedded default: a real server process is stopped with `kill -9` at a named point
 * (CASSA_TEST_PAUSE_AT, src/shared/pause-point.ts), then started again on the same data directory. Nothing may be
 * charged twice, nothing lost, and the customer is never offered "Paga" for money already on its way.
 */
const running: Started[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const started of running) started.child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Server {
  env: Record<string, string>;
  urls: { area: string; pay: string; bank: string; inbox: string };
}

/**
 * A data directory as a first start leaves it (databases created, demo data loaded), made once for the file and
 * copied for each test: the first start is the slow one, and what it does is not what these tests are about.
 */
let pristine: string | undefined;

async function newServerEnv(): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-crash-'));
  dirs.push(dataDir);
  if (pristine) fs.cpSync(pristine, dataDir, { recursive: true });
  const [area, pay, bank, admin, smtp, inbox, api, backoffice, metrics] = (await freePorts(9)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const env = {
    DATA_DIR: dataDir,
    AREA_PORT: String(area),
    PAY_PORT: String(pay),
    BANK_PORT: String(bank),
    ADMIN_PORT: String(admin),
    API_PORT: String(api),
    BACKOFFICE_PORT: String(backoffice),
    METRICS_PORT: String(metrics),
    INBOX_SMTP_PORT: String(smtp),
    INBOX_WEB_PORT: String(inbox),
    PUBLIC_AREA_URL: `http://localhost:${area}`,
    PUBLIC_PAY_URL: `http://localhost:${pay}`,
    PUBLIC_BANK_URL: `http://localhost:${bank}`,
    PUBLIC_API_URL: `http://localhost:${api}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  return {
    env,
    urls: {
      area: env.PUBLIC_AREA_URL,
      pay: env.PUBLIC_PAY_URL,
      bank: env.PUBLIC_BANK_URL,
      inbox: `http://localhost:${inbox}`,
    },
  };
}

async function start(server: Server, pauseAt?: string, extra: Record<string, string> = {}): Promise<Started> {
  const started = runEntry('src/main.ts', [], {
    ...server.env,
    ...extra,
    ...(pauseAt ? { CASSA_TEST_PAUSE_AT: pauseAt } : {}),
  });
  running.push(started);
  await waitForOutput(started, 'Cassa is running', 120_000);
  return started;
}

async function stop(started: Started, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  started.child.kill(signal);
  await started.exited;
}

/** The merchant database, opened by the test while no server runs. */
async function withMerchantDb<T>(server: Server, fn: (db: import('kysely').Kysely<MerchantDatabase>) => Promise<T>) {
  const database = await openDatabase<MerchantDatabase>({
    kind: 'pglite',
    dataDir: path.join(server.env.DATA_DIR as string, 'merchant-db'),
  });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

async function bankRows<T>(server: Server, query: string): Promise<T[]> {
  // The bank's schema of the one embedded database.
  const database = await openDatabase<unknown>({
    kind: 'pglite',
    dataDir: path.join(server.env.DATA_DIR as string, 'merchant-db'),
    schema: 'bank',
  });
  try {
    const { sql } = await import('kysely');
    return (await sql.raw<T>(query).execute(database.db)).rows;
  } finally {
    await database.close();
  }
}

/** Mario's PEC renewing automatically with his 4444 card, and the instant its renewal charge is due. */
async function renewingPec(server: Server) {
  const pec = await withMerchantDb(server, async (db) => {
    const card = await db
      .selectFrom('saved_cards')
      .select(['id', 'customer_id'])
      .where('last4', '=', '4444')
      .executeTakeFirstOrThrow();
    return db
      .updateTable('subscriptions')
      .set({ auto_renew: true, auto_renew_card_id: card.id })
      .where('customer_id', '=', card.customer_id)
      .where('product_code', '=', 'pec')
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return { pec, now: `${addDays(pec.expires_on as string, -6)}T08:00:00Z` };
}

/** The number of an order of Mario's awaiting payment, read from his services' pages as he would find it. */
async function anOrderToPay(server: Server, mario: HttpSession): Promise<string> {
  const home = await mario.get(`${server.urls.area}/`);
  for (const id of new Set([...home.body.matchAll(/\/services\/(\d+)/g)].map((m) => m[1]))) {
    const page = await mario.get(`${server.urls.area}/services/${id}`);
    const number = /\/paga\/(ORD-\d{4}-\d+)/.exec(page.body)?.[1];
    if (number) return number;
  }
  throw new Error('no order awaiting payment');
}

/** Mario's PEC service page, and its order rows as HTML. */
async function pecPage(server: Server, browser: HttpSession, pecId: number) {
  const page = await browser.get(`${server.urls.area}/services/${pecId}`);
  expect(page.status).toBe(200);
  return { body: page.body, rows: page.body.split('<tr').slice(1) };
}

describe('crash windows on the embedded database (kill -9 at a named point, then restart)', () => {
  beforeAll(async () => {
    const first = await newServerEnv();
    await stop(await start(first), 'SIGTERM');
    pristine = first.env.DATA_DIR;
  }, 180_000);

  it('a renewal charge the bank approved but Cassa had not recorded: "Pagamento in corso", never "Paga"; recorded once after the restart', async () => {
    const server = await newServerEnv();
    const { pec, now } = await renewingPec(server);

    const paused = await start(server, 'renewal.charge.answered');
    const cli = runEntry('src/cli/main.ts', ['renewals', 'run', '--now', now], {
      DATA_DIR: server.env.DATA_DIR as string,
      NODE_ENV: 'test',
    });
    await waitForOutput(paused, 'cassa: paused at renewal.charge.answered', 60_000);
    // The bank has approved it; the merchant has not recorded it. The customer sees it in progress, with no "Paga".
    const mario = new HttpSession();
    await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    const during = await pecPage(server, mario, pec.id);
    const inFlight = during.rows.filter((row) => row.includes('Pagamento in corso'));
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]).not.toContain('/paga/');
    const orderNumber = /ORD-\d{4}-\d+/.exec(inFlight[0] as string)?.[0] as string;
    await mario.get(`${server.urls.area}/paga/${orderNumber}`);
    const pay = await mario.get(`${server.urls.pay}/orders/${orderNumber}/card`);
    expect(pay.status).toBe(409);
    expect(pay.body).toContain('Pagamento in corso');

    await stop(paused, 'SIGKILL');
    // The CLI whose server died under it says what happened and that it is safe to repeat.
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain('the server stopped while running renewals; run it again: it is safe to repeat');
    expect(cli.output()).not.toMatch(/TypeError|at .*\.ts:\d+/);

    // On start the dead process's claim on the charge job is released: it runs again at once with the same
    // idempotency key (the bank replays its answer), and `reconcile` finds nothing left open.
    const again = await start(server);
    await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    let row = '';
    for (let i = 0; i < 120 && !row.includes('Pagato'); i++) {
      row = (await pecPage(server, mario, pec.id)).rows.find((r) => r.includes(orderNumber)) as string;
      expect(row).not.toContain('/paga/');
      if (!row.includes('Pagato')) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const reconcile = runEntry('src/cli/main.ts', ['reconcile'], {
      DATA_DIR: server.env.DATA_DIR as string,
      NODE_ENV: 'test',
    });
    expect(await reconcile.exited).toBe(0);
    expect(reconcile.output()).toMatch(/0 still open/);
    expect(row).toContain('Pagato');
    expect(row).not.toContain('/paga/');
    await stop(again, 'SIGTERM');

    const attempts = await withMerchantDb(server, (db) =>
      db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .select(['payment_attempts.status', 'payment_attempts.bank_charge_id', 'orders.state'])
        .where('orders.number', '=', orderNumber)
        .execute(),
    );
    expect(attempts).toMatchObject([{ status: 'captured', state: 'paid' }]);
    const charges = await bankRows<{ id: string }>(server, `select id from charges where status = 'approved'`);
    expect(charges.map((c) => c.id)).toEqual([attempts[0]?.bank_charge_id]);
  }, 300_000);

  it('SIGTERM while a renewal charge waits on the bank: exits 0 within SHUTDOWN_GRACE_SECONDS, and the restart records the charge once', async () => {
    const server = await newServerEnv();
    const { pec, now } = await renewingPec(server);
    const paused = await start(server, 'renewal.charge.answered', { SHUTDOWN_GRACE_SECONDS: '2' });
    const cli = runEntry('src/cli/main.ts', ['renewals', 'run', '--now', now], {
      DATA_DIR: server.env.DATA_DIR as string,
      NODE_ENV: 'test',
    });
    await waitForOutput(paused, 'cassa: paused at renewal.charge.answered', 60_000);
    const signalled = Date.now();
    paused.child.kill('SIGTERM');
    // Without the grace it would wait for the stuck charge for ever; with it, it gives up on it, releases it, exits 0.
    expect(await paused.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(paused.output()).toContain('shutdown grace elapsed');
    expect(await cli.exited).not.toBe(0);

    const again = await start(server);
    const mario = new HttpSession();
    await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    let paid = false;
    for (let i = 0; i < 120 && !paid; i++) {
      paid = (await pecPage(server, mario, pec.id)).rows.some((r) => r.includes('Pagato') && r.includes('Rinnovo'));
      if (!paid) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(paid).toBe(true);
    await stop(again, 'SIGTERM');
    expect(await again.exited).toBe(0);
    const attempts = await withMerchantDb(server, (db) =>
      db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .select(['payment_attempts.status', 'payment_attempts.bank_charge_id'])
        .where('orders.subscription_id', '=', pec.id)
        .where('payment_attempts.purpose', '=', 'renewal_charge')
        .execute(),
    );
    expect(attempts).toMatchObject([{ status: 'captured' }]);
    const charges = await bankRows<{ id: string }>(server, `select id from charges where status = 'approved'`);
    expect(charges.map((c) => c.id)).toEqual([attempts[0]?.bank_charge_id]);
  }, 300_000);

  it('a payment the bank authorized just before the kill: after the restart paying again charges nothing new', async () => {
    const server = await newServerEnv();
    const paused = await start(server, 'payment.authorized.unrecorded');
    const mario = new HttpSession();
    await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    const orderNumber = await anOrderToPay(server, mario);
    expect(orderNumber).toBeTruthy();

    // "Paga" → Pagamenti → the saved card → "Procedi" → the bank (frictionless) → back to the shop, where it stops.
    const card = await mario.get(`${server.urls.area}/paga/${orderNumber}`);
    const cardPage = card.url.includes('/card')
      ? card
      : await mario.get(`${server.urls.pay}/orders/${orderNumber}/card`);
    const requestKey = /name="request_key" value="([^"]+)"/.exec(cardPage.body)?.[1] as string;
    const saved = /name="card" value="(\d+)"/.exec(cardPage.body)?.[1] as string;
    const procedi = await mario.post(
      `${server.urls.pay}/orders/${orderNumber}/pay`,
      { card: saved, request_key: requestKey },
      { follow: false },
    );
    expect(procedi.location?.startsWith(server.urls.bank)).toBe(true);
    let next = procedi.location as string;
    for (let hops = 0; hops < 10 && next.startsWith(server.urls.bank); hops++) {
      next = new URL((await mario.get(next, { follow: false })).location as string, next).toString();
    }
    expect(next.startsWith(`${server.urls.pay}/return/`)).toBe(true);
    void mario.get(next, { signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
    await waitForOutput(paused, 'cassa: paused at payment.authorized.unrecorded', 60_000);
    await stop(paused, 'SIGKILL');

    // After the restart the customer pays the same order again: the open attempt is settled against the bank first,
    // and it pays the order — nothing new is charged (or the bank's notification, delivered once Pagamenti listens,
    // has already recorded it).
    const again = await start(server);
    const buyer = new HttpSession();
    await buyer.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    await buyer.get(`${server.urls.area}/paga/${orderNumber}`);
    const retry = await buyer.get(`${server.urls.pay}/orders/${orderNumber}/card`);
    let outcome = retry.body;
    const retryKey = /name="request_key" value="([^"]+)"/.exec(retry.body)?.[1];
    if (retryKey) {
      const answer = await buyer.post(
        `${server.urls.pay}/orders/${orderNumber}/pay`,
        { card: saved, request_key: retryKey },
        { follow: false },
      );
      expect(answer.location?.startsWith(server.urls.bank) ?? false).toBe(false);
      outcome = answer.location
        ? (await buyer.get(new URL(answer.location, server.urls.pay).toString())).body
        : answer.body;
    }
    expect(outcome).toMatch(/già stato pagato|Pagamento completato|Pagato/);
    await stop(again, 'SIGTERM');

    const attempts = await withMerchantDb(server, (db) =>
      db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .select(['payment_attempts.status', 'payment_attempts.public_id', 'orders.state'])
        .where('orders.number', '=', orderNumber)
        .execute(),
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ state: 'paid' });
    const sessions = await bankRows<{ status: string }>(
      server,
      `select status from payment_sessions where merchant_reference = '${attempts[0]?.public_id}'`,
    );
    expect(sessions).toHaveLength(1);
    expect(['authorized', 'captured']).toContain(sessions[0]?.status);
    const all = await bankRows<{ n: string }>(
      server,
      `select count(*) as n from payment_sessions where status in ('authorized', 'captured')`,
    );
    expect(Number(all[0]?.n)).toBe(1);
  }, 300_000);

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'an email the SMTP server accepted just before a %s is sent again at once after the restart, same Message-ID',
    async (signal) => {
      const server = await newServerEnv();
      const paused = await start(server, 'email.accepted.unmarked', { SHUTDOWN_GRACE_SECONDS: '2' });
      const mario = new HttpSession();
      await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
      // Switching automatic renewal on sends an email (auto_renew_activated): the first service that offers it.
      const home = await mario.get(`${server.urls.area}/`);
      const ids = [...home.body.matchAll(/\/services\/(\d+)/g)].map((m) => m[1]);
      let sent = false;
      for (const id of new Set(ids)) {
        const page = await mario.get(`${server.urls.area}/services/${id}`);
        const action = /action="(\/services\/\d+\/auto-renew\/on)"/.exec(page.body)?.[1];
        const form = action ? page.body.slice(page.body.indexOf(`action="${action}"`)) : '';
        const card = /<option value="(\d+)"/.exec(form);
        if (!action || !card) continue;
        const answer = await mario.post(`${server.urls.area}${action}`, { card: card[1] as string }, { follow: false });
        expect(answer.status).toBe(303);
        sent = true;
        break;
      }
      expect(sent).toBe(true);
      await waitForOutput(paused, 'cassa: paused at email.accepted.unmarked', 60_000);
      const inbox = async () =>
        (await (await fetch(`${server.urls.inbox}/api/messages`)).json()) as {
          messageId: string;
          subject: string;
          deliveries: number;
        }[];
      expect(await inbox()).toHaveLength(1);
      await stop(paused, signal);
      if (signal === 'SIGTERM') {
        // The delivery cannot finish: the grace gives up on it and releases it, and the process still exits 0.
        expect(paused.child.exitCode).toBe(0);
        expect(paused.output()).toContain('shutdown grace elapsed');
      }

      const restartedAt = Date.now();
      const again = await start(server);
      const ready = Date.now();
      let list: { messageId: string; deliveries: number }[] = [];
      while (Date.now() - ready < 60_000) {
        list = await inbox();
        if (list[0]?.deliveries === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // SMTP brought it twice, with one Message-ID: the mailbox keeps one copy and counts two deliveries.
      expect(list).toHaveLength(1);
      expect(list[0]?.deliveries).toBe(2);
      // Within 30 s of the restarted server being ready (the old lease made it wait 5 minutes).
      expect(Date.now() - ready).toBeLessThan(30_000);
      void restartedAt;
      await stop(again, 'SIGTERM');
    },
    300_000,
  );

  it('an attempt whose bank session was created but never used ends when the session expires, after a kill too', async () => {
    const server = await newServerEnv();
    // Bank sessions that expire after 15 s, so that the test need not wait half an hour.
    const short = { BANK_SESSION_TTL_SECONDS: '15' };
    const first = await start(server, undefined, short);
    const mario = new HttpSession();
    await mario.logIn(server.urls.area, DEMO_MARIO.email, DEMO_PASSWORD);
    const orderNumber = await anOrderToPay(server, mario);
    await mario.get(`${server.urls.area}/paga/${orderNumber}`);
    const cardPage = await mario.get(`${server.urls.pay}/orders/${orderNumber}/card`);
    const requestKey = /name="request_key" value="([^"]+)"/.exec(cardPage.body)?.[1] as string;
    const procedi = await mario.post(
      `${server.urls.pay}/orders/${orderNumber}/pay`,
      { card: 'new', request_key: requestKey },
      { follow: false },
    );
    expect(procedi.location?.startsWith(server.urls.bank)).toBe(true);
    // The customer never opens the bank's page; the server (and the bank in it) is killed.
    await stop(first, 'SIGKILL');

    const sentToBank = Date.now();
    const again = await start(server, undefined, short);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentToBank + 16_000 - Date.now())));
    const reconcile = runEntry('src/cli/main.ts', ['reconcile', '--older-than-minutes', '0'], {
      DATA_DIR: server.env.DATA_DIR as string,
      NODE_ENV: 'test',
    });
    expect(await reconcile.exited).toBe(0);
    // The bank's own expiry sweep notified Pagamenti already, or `reconcile` asked: either way nothing is open.
    expect(reconcile.output()).toMatch(/, 0 still open/);
    await stop(again, 'SIGTERM');
    const attempts = await withMerchantDb(server, (db) =>
      db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .select(['payment_attempts.status', 'orders.state'])
        .where('orders.number', '=', orderNumber)
        .execute(),
    );
    expect(attempts).toEqual([{ status: 'abandoned', state: 'awaiting_payment' }]);
  }, 300_000);
});
