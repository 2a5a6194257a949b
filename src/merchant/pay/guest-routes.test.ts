import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueNotifications } from '../../bank/notifications/notification-delivery.ts';
import { HostedClient } from '../../bank/testing/hosted-client.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO } from '../demo/demo-data.ts';
import { GUEST_LOOKUP_LIMITS } from '../payments/find-guest-order.ts';
import { newAttemptPublicId } from '../payments/public-ids.ts';
import {
  attemptOf,
  effectsOf,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../payments/test-payments.ts';
import { i18nFor } from '../web/i18n/i18n.ts';
import { pageText, TestClient } from '../web/test-client.ts';

describe.each(testDatabaseKinds())('"Paga subito un ordine": paying without logging in, on %s', (kind) => {
  let kit: PaymentsKit;
  let ipCounter = 0;
  const italian = i18nFor('it', 'Europe/Rome');

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
  });

  /** A visitor of Pagamenti who is not signed in, from an address of its own. */
  const visitor = () => new TestClient(kit.pay, `10.20.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`);

  /** "Paga subito un ordine": the form, then "Procedi" with a number and an email. */
  async function lookUp(client: TestClient, number: string, email: string) {
    expect((await client.get('/paga-subito')).statusCode).toBe(200);
    return client.post('/paga-subito', { order: number, email });
  }

  /** A visitor holding a guest session for the order, on its summary. */
  async function guestOf(number: string, email: string = DEMO_MARIO.email) {
    const client = visitor();
    const found = await lookUp(client, number, email);
    expect([found.statusCode, found.headers.location]).toEqual([303, '/paga-subito/ordine']);
    const summary = await client.get('/paga-subito/ordine');
    expect(summary.statusCode).toBe(200);
    return { client, summary };
  }

  const requestKeyOf = (html: string) => /name="request_key" value="([^"]+)"/.exec(html)?.[1] as string;
  const alertOf = (html: string) => pageText(/<p class="alert" role="alert"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? '');

  async function giuliaOrderNumber() {
    const giulia = await kit.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_GIULIA.email)
      .executeTakeFirstOrThrow();
    const order = await kit.db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', giulia.id)
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    return order.number;
  }

  it('Pagamenti without a session offers "Paga subito un ordine": a form with Numero d\'ordine, Email and Procedi', async () => {
    const client = visitor();
    const home = await client.get('/');
    expect(home.statusCode).toBe(401);
    expect(home.body).toContain('<a class="button button-secondary" href="/paga-subito">Paga subito un ordine</a>');
    const form = await client.get('/paga-subito');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<form method="post" action="\/paga-subito"[^>]*><input type="hidden" name="_csrf"/);
    expect(form.body).toContain('<label for="guest-order">Numero d&#39;ordine</label>');
    expect(form.body).toContain('<label for="guest-email">Email</label>');
    expect(form.body).toContain('<button type="submit" class="button button-pay">Procedi</button>');
  });

  it("a wrong number, a wrong email and another customer's order get one and the same message, and no session", async () => {
    const order = await newOrder(kit, 'pec');
    const tries = [
      ['ORD-2026-999999', DEMO_MARIO.email],
      [order.number, 'someone.else@example.com'],
      [order.number, DEMO_GIULIA.email],
      [await giuliaOrderNumber(), DEMO_MARIO.email],
    ] as const;
    const messages = new Set<string>();
    for (const [number, email] of tries) {
      const client = visitor();
      const refused = await lookUp(client, number, email);
      expect(refused.statusCode, `${number} ${email}`).toBe(422);
      messages.add(alertOf(refused.body));
      // Nothing was opened: the summary sends the visitor back to the start.
      expect((await client.get('/paga-subito/ordine')).headers.location).toBe('/paga-subito');
    }
    expect([...messages]).toEqual([italian.t('pay.guest.notFound')]);
    // The right pair, whatever the case of the email, opens the order.
    await guestOf(order.number.toLowerCase(), DEMO_MARIO.email.toUpperCase());
  });

  it('is rate limited per order number and per client address (429 with Retry-After), before anything is checked', async () => {
    const order = await newOrder(kit, 'pec');
    for (let i = 0; i < GUEST_LOOKUP_LIMITS.perOrder.limit; i++) {
      expect((await lookUp(visitor(), order.number, `guess${i}@example.com`)).statusCode).toBe(422);
    }
    const limited = await lookUp(visitor(), order.number, DEMO_MARIO.email);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(alertOf(limited.body)).toMatch(
      /^Troppi tentativi per questo ordine o da questa rete\. Attendi \d+ (minut|second)[oi] e riprova\.$/,
    );

    const client = visitor();
    for (let i = 0; i < GUEST_LOOKUP_LIMITS.perAddress.limit; i++) {
      const number = `ORD-2026-${String(900_000 + i).padStart(6, '0')}`;
      expect((await lookUp(client, number, DEMO_MARIO.email)).statusCode).toBe(422);
    }
    const other = await newOrder(kit, 'spid');
    expect((await lookUp(client, other.number, DEMO_MARIO.email)).statusCode).toBe(429);
    // Another address may still open that other order.
    await guestOf(other.number);
  });

  it('a guest pays with a new card only, even by a forged form: the card is not saved and automatic renewal stays off (the notification completes it)', async () => {
    const order = await newOrder(kit, 'spid');
    const cardsBefore = await kit.db
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', kit.marioId)
      .execute();
    const { client, summary } = await guestOf(order.number);
    const text = pageText(summary.body);
    expect(text).toContain(order.number);
    expect(text).toContain('Pagando senza accedere, il rinnovo automatico non viene attivato');
    expect(summary.body).not.toContain('name="card"');
    expect(text).not.toContain('•••• 4444');
    expect(summary.body).toContain(
      `<button type="submit" class="button button-pay button-charge">Procedi al pagamento di ${italian.money(order.total_cents)}</button>`,
    );

    // A forged field naming Mario's saved card changes nothing: a new card at the bank.
    const pay = await client.post('/paga-subito/ordine', {
      request_key: requestKeyOf(summary.body),
      card: String(kit.marioCardId),
    });
    expect(pay.statusCode).toBe(303);
    const bankUrl = String(pay.headers.location);
    expect(bankUrl.startsWith(kit.bank.baseUrl)).toBe(true);
    const attempt = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ payer: 'guest', saved_card_id: null, switch_auto_renew: false });
    const bank = new HostedClient(kit.bank);
    expect(await bank.get(bankUrl)).toContain('Numero carta');
    await bank.enterCardAndSubmit(bankUrl, { number: '5555555555554444' });

    expect(await deliverDueNotifications(kit.bank.ctx)).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 100 && (await attemptOf(kit, attempt.id)).status !== 'authorized'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await attemptOf(kit, attempt.id)).status).toBe('authorized');
    expect(await effectsOf(kit, order.id)).toEqual({ templates: ['payment_confirmation'], paidEvents: 1, paidBy: 1 });
    const service = await kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    expect(service).toMatchObject({ auto_renew: false, auto_renew_card_id: null });
    expect(
      await kit.db.selectFrom('saved_cards').select('id').where('customer_id', '=', kit.marioId).execute(),
    ).toEqual(cardsBefore);

    const result = await client.get(`/payments/${attempt.public_id}`);
    expect(result.statusCode).toBe(200);
    const outcome = pageText(result.body);
    expect(outcome).toContain('Pagamento completato');
    expect(outcome).toContain("L'ordine è Pagato.");
    expect(outcome).toContain('Il rinnovo automatico non è stato attivato, perché hai pagato senza accedere.');
  });

  it('a guest session holds its one order: it cannot list, see or pay any other, nor use a saved card', async () => {
    const mine = await newOrder(kit, 'pec');
    const other = await newOrder(kit, 'conservazione');
    const { client } = await guestOf(mine.number);
    expect((await client.get('/orders')).statusCode).toBe(401);
    expect((await client.get(`/orders/${other.number}/card`)).statusCode).toBe(401);
    expect((await client.get(`/orders/${mine.number}/card`)).statusCode).toBe(401);
    const forged = await client.post(`/orders/${other.number}/pay`, {
      card: String(kit.marioCardId),
      request_key: 'forged-request-key-0001',
    });
    expect(forged.statusCode).toBe(401);
    // Mario's own payment of a third order, signed in: its page is not the guest's to see.
    const marioAttempt = await payWithSavedCard(kit, (await newOrder(kit, 'fatturazione_pa')).number);
    expect((await client.get(`/payments/${marioAttempt.public_id}`)).statusCode).toBe(404);
    expect(
      await kit.db.selectFrom('payment_attempts').select('id').where('order_id', 'in', [mine.id, other.id]).execute(),
    ).toEqual([]);
  });

  it('"Annulla pagamento" cancels the bank session first, ends the attempt cancelled, charges nothing, and lands on the start', async () => {
    const order = await newOrder(kit, 'pec');
    const { client, summary } = await guestOf(order.number);
    expect(summary.body).toMatch(/<form method="post" action="\/annulla" class="way-out">/);
    expect(pageText(summary.body)).toContain('Annulla pagamento');
    const pay = await client.post('/paga-subito/ordine', { request_key: requestKeyOf(summary.body) });
    await new HostedClient(kit.bank).get(String(pay.headers.location));
    await client.get('/paga-subito/ordine');

    const cancel = await client.post('/annulla', {});
    expect([cancel.statusCode, cancel.headers.location]).toEqual([303, '/paga-subito?annullato=1']);
    const attempt = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(attempt.status).toBe('cancelled');
    expect(await kit.gateway.getPaymentSession(attempt.bank_session_id as string)).toMatchObject({
      status: 'cancelled',
    });
    expect(await effectsOf(kit, order.id)).toEqual({ templates: [], paidEvents: 0, paidBy: 0 });
    const start = await client.get('/paga-subito?annullato=1');
    expect(pageText(start.body)).toContain('Pagamento annullato: nessun importo è stato addebitato.');
  });

  it('when the bank reports that the guest cancelled on its page, the return lands on the start', async () => {
    const order = await newOrder(kit, 'spid');
    const { client, summary } = await guestOf(order.number);
    await client.post('/paga-subito/ordine', { request_key: requestKeyOf(summary.body) });
    const attempt = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    // What the bank does when the customer gives up on its page: the session ends cancelled.
    await kit.gateway.cancelPaymentSession({
      paymentSessionId: attempt.bank_session_id as string,
      idempotencyKey: `${attempt.public_id}:test-cancel`,
    });
    const back = await visitor().get(`/return/${attempt.public_id}?status=cancelled`);
    expect([back.statusCode, back.headers.location]).toEqual([303, '/paga-subito?annullato=1']);
    expect((await attemptOf(kit, attempt.id)).status).toBe('cancelled');
  });

  it('the database refuses a guest attempt that would switch automatic renewal on or pay with a saved card', async () => {
    const order = await newOrder(kit, 'pec');
    const row = (overrides: { switch_auto_renew?: boolean; saved_card_id?: number }) => ({
      public_id: newAttemptPublicId(),
      order_id: order.id,
      customer_id: kit.marioId,
      request_key: newAttemptPublicId(),
      status: 'created' as const,
      amount_cents: order.total_cents,
      currency: 'EUR',
      payer: 'guest' as const,
      switch_auto_renew: false,
      created_at: kit.clock.now(),
      updated_at: kit.clock.now(),
      ...overrides,
    });
    for (const overrides of [{ switch_auto_renew: true }, { saved_card_id: kit.marioCardId }]) {
      await expect(kit.db.insertInto('payment_attempts').values(row(overrides)).execute()).rejects.toThrow(
        /payment_attempts_guest_check/,
      );
    }
  });

  it('in English too', async () => {
    const client = visitor();
    await client.get('/paga-subito');
    await client.post('/locale', { locale: 'en', return: '/paga-subito' });
    const form = await client.get('/paga-subito');
    expect(pageText(form.body)).toContain('Pay an order now');
    const refused = await client.post('/paga-subito', { order: 'ORD-2026-999999', email: DEMO_MARIO.email });
    expect(alertOf(refused.body)).toBe(i18nFor('en', 'Europe/Rome').t('pay.guest.notFound'));
  });
});
