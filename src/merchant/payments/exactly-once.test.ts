import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { createOrder } from '../orders/create-order.ts';
import { runRenewalPass } from '../renewals/renewal-pass.ts';
import { newRenewingService, renewalDeps } from '../renewals/test-renewals.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { completeAttempt } from './complete-attempt.ts';
import { createHandoffToken } from './handoff-token.ts';
import {
  attemptOf,
  effectsOf,
  marioOrder,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from './test-payments.ts';

/**
 * Exactly once under real concurrency. PGlite runs one statement at a time, so races cannot show there: this suite runs
 * on PostgreSQL only (TEST_DATABASE_URL, as in CI).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('exactly once on PostgreSQL', () => {
  let kit: PaymentsKit;

  beforeAll(async () => {
    kit = await openPaymentsKit('postgres', { poolSize: 60 });
  }, 60_000);
  afterAll(async () => {
    await kit?.close();
  });

  /** What the bank did for one order: sessions by status, captures, refunds. */
  async function atBank(orderId: number) {
    const publicIds = (
      await kit.db.selectFrom('payment_attempts').select('public_id').where('order_id', '=', orderId).execute()
    ).map((r) => r.public_id);
    const sessions = await kit.bank.database.db
      .selectFrom('payment_sessions')
      .select(['id', 'status', 'amount_cents', 'refunded_cents'])
      .where('merchant_reference', 'in', publicIds.length ? publicIds : ['none'])
      .execute();
    const refunds = await kit.bank.database.db
      .selectFrom('refunds')
      .select('id')
      .where('payment_session_id', 'in', sessions.length ? sessions.map((s) => s.id) : ['none'])
      .execute();
    return {
      sessions: sessions.length,
      captured: sessions.filter((s) => s.status === 'captured').length,
      authorized: sessions.filter((s) => s.status === 'authorized').length,
      refunds: refunds.length,
    };
  }

  /** A Pagamenti session of Mario's, signed in by a hand-off as Area Clienti does it. */
  async function payTab(orderNumber: string): Promise<TestClient> {
    const client = new TestClient(kit.pay, '10.9.0.1');
    const token = await createHandoffToken(kit.db, kit.clock, { customerId: kit.marioId, orderNumber, locale: 'it' });
    const landed = await client.get(`/handoff?token=${encodeURIComponent(token)}`);
    expect(landed.statusCode).toBe(303);
    return client;
  }

  /** A card-choice form as the browser rendered it: its CSRF token and request key. */
  async function renderForm(client: TestClient, orderNumber: string) {
    const page = await client.get(`/orders/${orderNumber}/card`);
    expect(page.statusCode).toBe(200);
    const requestKey = /name="request_key" value="([^"]+)"/.exec(page.body)?.[1];
    return { csrf: client.csrfToken() as string, requestKey: requestKey as string };
  }

  async function concurrentForms(count: number, sessions: number) {
    const order = await createOrder(
      kit.db,
      {
        customerId: kit.marioId,
        subscriptionId: (await marioOrder(kit, 'pec')).subscription_id,
        kind: 'renewal',
        periodYears: 1,
      },
      { clock: kit.clock, timeZone: kit.deps.timeZone },
    );
    const tabs = await Promise.all(Array.from({ length: sessions }, () => payTab(order.number)));
    const forms = [];
    for (let i = 0; i < count; i++) {
      const tab = tabs[i % sessions] as TestClient;
      forms.push({ tab, ...(await renderForm(tab, order.number)) });
    }
    // Every form submitted at once with the saved frictionless card (Mastercard 4444).
    const answers = await Promise.all(
      forms.map(({ tab, csrf, requestKey }) =>
        tab.post(
          `/orders/${order.number}/pay`,
          { _csrf: csrf, request_key: requestKey, card: String(kit.marioCardId) },
          { withCsrf: false },
        ),
      ),
    );
    // Every form is answered with a redirect: a status other than 303 is named with its page.
    expect(
      answers.filter((a) => a.statusCode !== 303).map((a) => `${a.statusCode} ${pageText(a.body).slice(0, 200)}`),
    ).toEqual([]);
    const toBank = answers.filter((a) => String(a.headers.location).startsWith(kit.bank.baseUrl));
    expect(toBank).toHaveLength(1);
    // The winner's browser goes to the bank (frictionless: authorized, back to the shop).
    await new HostedClient(kit.bank).get(String(toBank[0]?.headers.location));
    const winner = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    await completeAttempt(kit.deps, winner.id, 'return');
    await kit.runJobs();
    // The losers' pages: the order is being paid, or paid — never an error.
    const losers = answers.filter((a) => !String(a.headers.location).startsWith(kit.bank.baseUrl));
    for (const [i, loser] of losers.entries()) {
      const tab = forms[answers.indexOf(loser)]?.tab as TestClient;
      const page = await tab.get(String(loser.headers.location));
      expect(page.statusCode, `loser ${i}`).toBe(200);
      expect(pageText(page.body)).toMatch(/Pagamento completato|Pagamento in corso/);
    }
    return order;
  }

  for (const [count, sessions] of [
    [2, 1],
    [2, 2],
    [50, 1],
    [50, 2],
    [500, 1],
    [500, 2],
  ] as const) {
    it(`${count} card-choice forms of one order submitted at once from ${sessions} session(s): one capture, no refund, one confirmation`, async () => {
      const order = await concurrentForms(count, sessions);
      expect(await atBank(order.id)).toEqual({ sessions: 1, captured: 1, authorized: 0, refunds: 0 });
      const attempts = await kit.db
        .selectFrom('payment_attempts')
        .select('status')
        .where('order_id', '=', order.id)
        .execute();
      expect(attempts).toEqual([{ status: 'captured' }]);
      expect(await effectsOf(kit, order.id)).toMatchObject({ paidEvents: 1, paidBy: 1 });
      const emails = await kit.db
        .selectFrom('email_outbox')
        .select('template')
        .where('dedupe_key', 'like', `%:order:${order.id}`)
        .execute();
      expect(emails.filter((e) => e.template === 'payment_confirmation')).toHaveLength(1);
      const refundEmails = await kit.db
        .selectFrom('email_outbox')
        .select('id')
        .where('template', '=', 'payment_refunded')
        .execute();
      expect(refundEmails).toEqual([]);
    }, 120_000);
  }

  it('50 concurrent completions of one attempt: one payment, one set of outbox rows, one capture', async () => {
    const order = await newOrder(kit, 'spid');
    const attempt = await payWithSavedCard(kit, order.number);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        completeAttempt(kit.deps, attempt.id, (['return', 'notification', 'reconciliation'] as const)[i % 3]!),
      ),
    );
    expect(new Set(results.map((a) => a.status))).toEqual(new Set(['authorized']));
    await kit.runJobs();
    expect((await attemptOf(kit, attempt.id)).status).toBe('captured');
    expect(await effectsOf(kit, order.id)).toEqual({
      templates: ['payment_confirmation', 'auto_renew_activated'],
      paidEvents: 1,
      paidBy: 1,
    });
    const history = await kit.db
      .selectFrom('payment_attempt_events')
      .select('to_status')
      .where('attempt_id', '=', attempt.id)
      .where('to_status', '=', 'authorized')
      .execute();
    expect(history).toHaveLength(1);
    expect(await atBank(order.id)).toMatchObject({ sessions: 1, captured: 1, refunds: 0 });
  });

  it('a hand payment and a renewal pass of the same order, 100 rounds at once: no deadlock, one payment each round', async () => {
    const deps = renewalDeps(kit);
    const rounds = 100;
    const failures: unknown[] = [];
    let paidByHand = 0;
    let paidByRenewal = 0;
    kit.clock.set('2029-02-01T09:00:00Z');
    for (let round = 0; round < rounds; round++) {
      const day = String(2 + (round % 5)).padStart(2, '0');
      const service = await newRenewingService(kit, 'pec', `2029-02-${day}`, kit.marioCardId);
      const order = await createOrder(
        kit.db,
        { customerId: kit.marioId, subscriptionId: service.id, kind: 'renewal', periodYears: 1 },
        { clock: kit.clock, timeZone: kit.deps.timeZone },
      );
      const byHand = (async () => {
        const attempt = await payWithSavedCard(kit, order.number).catch((error: unknown) => {
          // The renewal charge got there first: the order is being paid or paid, which is an answer, not a failure.
          if (/charge_in_progress|order_paid/.test(String(error))) return undefined;
          throw error;
        });
        if (attempt) await completeAttempt(kit.deps, attempt.id, 'return');
      })();
      const pass = runRenewalPass(deps, { concurrency: 2 });
      for (const result of await Promise.allSettled([byHand, pass])) {
        if (result.status === 'rejected') failures.push(result.reason);
      }
      await kit.runJobs();
      const paid = await kit.db
        .selectFrom('payment_attempts')
        .select(['purpose', 'status'])
        .where('order_id', '=', order.id)
        .where('status', 'in', ['authorized', 'captured'])
        .execute();
      expect(paid, `round ${round}`).toHaveLength(1);
      if (paid[0]?.purpose === 'renewal_charge') paidByRenewal++;
      else paidByHand++;
      const state = await kit.db
        .selectFrom('orders')
        .select('state')
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe('paid');
      // A renewal pass that lost the order to the hand payment deferred or closed; it never charged it.
      const refundsOwed = await kit.db
        .selectFrom('payment_attempts')
        .select('id')
        .where('order_id', '=', order.id)
        .where('status', 'in', ['refund_pending', 'refunded', 'void_pending', 'voided'])
        .execute();
      expect(refundsOwed, `round ${round}`).toEqual([]);
    }
    expect(failures.map(String).filter((f) => /deadlock/i.test(f))).toEqual([]);
    expect(failures).toEqual([]);
    expect(paidByHand + paidByRenewal).toBe(rounds);
  }, 300_000);

  it('300 attempts the bank does not know never delay a new one; each is left for an operator after its last try', async () => {
    const now = kit.clock.now();
    await kit.db
      .insertInto('payment_attempts')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          public_id: `cv_a${i.toString(16).padStart(31, '0')}`,
          purpose: 'card_verification' as const,
          order_id: null,
          customer_id: kit.marioId,
          status: 'redirected' as const,
          amount_cents: 1,
          currency: 'EUR',
          bank_session_id: `ps_b${i.toString(16).padStart(31, '0')}`,
          created_at: new Date(now.getTime() - 120_000),
          updated_at: new Date(now.getTime() - 120_000),
        })),
      )
      .execute();
    const unknown = await kit.db
      .selectFrom('payment_attempts')
      .select('id')
      .where('public_id', 'like', 'cv_a%')
      .execute();
    await kit.db
      .insertInto('jobs')
      .values(
        unknown.map(({ id }) => ({
          queue: 'payment.reconcile',
          payload: JSON.stringify({ attemptId: Number(id) }),
          singleton_key: `payment.reconcile:${id}`,
          run_at: new Date(now.getTime() - 60_000),
          created_at: now,
        })),
      )
      .execute();
    const order = await newOrder(kit, 'conservazione');
    const fresh = await payWithSavedCard(kit, order.number);
    kit.clock.advance(61_000);
    // A sweep runs at most 200 jobs of a queue, oldest due first; the new attempt's turn comes as soon as the 300 have
    // each been asked once — they are not asked again before their own backoff (the old reconciliation took the
    // 200 oldest every time, forever, and never reached a newer attempt).
    let sweeps = 0;
    while ((await attemptOf(kit, fresh.id)).status === 'redirected' && sweeps < 20) {
      await kit.runJobs();
      sweeps++;
    }
    expect((await attemptOf(kit, fresh.id)).status).not.toBe('redirected');
    await kit.runJobs();
    expect((await attemptOf(kit, fresh.id)).status).toBe('captured');
    const asked = await kit.db
      .selectFrom('jobs')
      .select(['attempts', 'run_at'])
      .where('queue', '=', 'payment.reconcile')
      .where(
        'singleton_key',
        'in',
        unknown.map(({ id }) => `payment.reconcile:${id}`),
      )
      .execute();
    expect(asked).toHaveLength(300);
    expect(asked.filter((j) => !(j.attempts === 1 && j.run_at > kit.clock.now()))).toEqual([]);

    // Each is asked again on its own backoff (the whole schedule is walked for one attempt in
    // complete-attempt.test.ts); here they stand at their last try, which leaves every one for an operator.
    await kit.db
      .updateTable('jobs')
      .set({ attempts: 13 })
      .where(
        'singleton_key',
        'in',
        unknown.map(({ id }) => `payment.reconcile:${id}`),
      )
      .execute();
    kit.clock.advance(2 * 86_400_000);
    await kit.runJobs();
    await kit.runJobs();
    const left = await kit.db
      .selectFrom('payment_attempts')
      .select(['status', 'attention_reason'])
      .where(
        'id',
        'in',
        unknown.map((u) => u.id),
      )
      .execute();
    expect(left.every((a) => a.status === 'needs_attention')).toBe(true);
    expect(left[0]?.attention_reason).toMatch(/last reconciliation/);
  }, 300_000);
});
