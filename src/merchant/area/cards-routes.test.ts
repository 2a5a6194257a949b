import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostedClient, otpFromSms } from '../../bank/testing/hosted-client.ts';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { finishCardVerification, refundOwedVerifications, startCardVerification } from '../cards/add-card.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { GatewayError, type PaymentGateway } from '../gateway/payment-gateway.ts';
import { openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { renewOn, saveMarioCard } from '../renewals/test-renewals.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { buildAreaApp } from './area-app.ts';

describe.each(testDatabaseKinds())('Carte di pagamento on %s, against the sandbox bank', (kind) => {
  let kit: PaymentsKit;
  let area: FastifyInstance;
  let mario: TestClient;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    area = await buildAreaApp({
      db: kit.db,
      // The bank takes return URLs on the origins it knows for this merchant: the kit registered Pagamenti's.
      config: loadConfig({ NODE_ENV: 'test', PUBLIC_AREA_URL: kit.payUrl, PUBLIC_PAY_URL: kit.payUrl }),
      logger: pino({ level: 'silent' }),
      clock: kit.clock,
      gateway: kit.gateway,
    });
    mario = new TestClient(area, '10.3.0.1');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  }, 60_000);
  afterAll(async () => {
    await area?.close();
    await kit?.close();
  });

  const subscription = (code: string) =>
    kit.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', kit.marioId)
      .where('product_code', '=', code)
      .executeTakeFirstOrThrow();

  it('lists each card with brand, last four, expiry, holder and the services renewing on it; replace moves them all', async () => {
    const visa = await saveMarioCard(kit, '4000000000000341');
    await renewOn(kit, 'pec', visa);
    await renewOn(kit, 'spid', visa);
    await renewOn(kit, 'conservazione', kit.marioCardId);
    const page = await mario.get('/cards');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Mastercard •••• 4444');
    expect(text).toContain('Visa •••• 0341');
    expect(text).toContain('12/40');
    expect(text).toContain('Mario Rossi');
    expect(text).toContain('mario.rossi@pec.example.it, SPID - Mario Rossi (RSSMRA80A01H501U)');
    expect(page.body).not.toMatch(/\d{4} ?\d{4} ?\d{4} ?\d{4}/);

    expect((await mario.post(`/cards/${visa}/replace`, { card: String(visa) })).statusCode).toBe(400);
    const replaced = await mario.post(`/cards/${visa}/replace`, { card: String(kit.marioCardId) });
    expect(replaced.statusCode).toBe(303);
    for (const code of ['pec', 'spid', 'conservazione']) {
      expect(await subscription(code)).toMatchObject({ auto_renew: true, auto_renew_card_id: kit.marioCardId });
    }
  });

  it('warns before removing, deletes the card at the bank, switches off the renewals that used it with an email each', async () => {
    const card = await saveMarioCard(kit, '4000000000003220');
    await renewOn(kit, 'pec', card);
    await renewOn(kit, 'fatturazione_pa', card);
    const token = (
      await kit.db.selectFrom('saved_cards').select('bank_token').where('id', '=', card).executeTakeFirstOrThrow()
    ).bank_token;

    const warning = await mario.get(`/cards/${card}/remove`);
    expect(warning.statusCode).toBe(200);
    const text = pageText(warning.body);
    expect(text).toContain('Rimuovere la carta Visa •••• 3220?');
    expect(text).toContain('Il rinnovo automatico si disattiverà su questi servizi');
    expect(text).toContain('mario.rossi@pec.example.it');
    expect(text).toContain('Fatturazione PA - P.IVA 01234567890');

    const removed = await mario.post(`/cards/${card}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect((await mario.get('/cards')).body).not.toContain('•••• 3220');
    for (const code of ['pec', 'fatturazione_pa']) {
      expect(await subscription(code)).toMatchObject({ auto_renew: false, auto_renew_card_id: null });
    }
    const emails = await kit.db
      .selectFrom('email_outbox')
      .select('data')
      .where('template', '=', 'auto_renew_deactivated')
      .execute();
    expect(emails.map((e) => e.data)).toMatchObject([{ reason: 'card_removed' }, { reason: 'card_removed' }]);
    // The bank no longer has it: a charge on the token is refused.
    await expect(
      kit.gateway.chargeSavedCard({
        cardToken: token,
        amountCents: 100,
        currency: 'EUR',
        reference: 'after-removal',
        idempotencyKey: 'after-removal-1',
      }),
    ).rejects.toBeInstanceOf(GatewayError);
    // Twice, or a card that is not Mario's: 404.
    expect((await mario.post(`/cards/${card}/remove`, {})).statusCode).toBe(404);
    expect((await mario.get('/cards/999999/remove')).statusCode).toBe(404);
  });

  it('adds a card through the bank’s page: one cent with 3-D Secure, the card saved once, the cent refunded', async () => {
    await mario.get('/cards');
    const started = await mario.post('/cards/add', {});
    expect(started.statusCode).toBe(303);
    const bankUrl = String(started.headers.location);
    expect(bankUrl.startsWith(kit.bank.baseUrl)).toBe(true);
    const verification = await kit.db
      .selectFrom('card_verifications')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const sessionId = verification.bank_session_id as string;
    const hosted = new HostedClient(kit.bank);
    await hosted.enterCardAndSubmit(bankUrl, { number: '4242424242424242', holder: 'Mario Rossi', expiry: '11/33' });
    await hosted.post(`/pay/${sessionId}/otp`, { code: await otpFromSms(kit.bank, sessionId) });

    const back = await mario.get(`/cards/added/${verification.public_id}`);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/cards?done=added');
    expect((await mario.get(`/cards/added/${verification.public_id}`)).headers.location).toBe('/cards?done=added');
    const page = pageText((await mario.get('/cards?done=added')).body);
    expect(page).toContain('Carta aggiunta');
    expect(page).toContain('Visa •••• 4242');
    expect(page).toContain('11/33');
    const saved = await kit.db
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', kit.marioId)
      .where('last4', '=', '4242')
      .execute();
    expect(saved).toHaveLength(1);
    const session = await kit.gateway.getPaymentSession(sessionId);
    expect(session).toMatchObject({ status: 'captured', amountCents: 1, amountRefundedCents: 1 });
    expect((await mario.get('/cards/added/cv_00000000000000000000000000000000')).statusCode).toBe(404);
  });

  it('a verification refund the bank could not take at once is owed, and refunded once on a later pass', async () => {
    const deps = { db: kit.db, gateway: kit.gateway, clock: kit.clock, areaUrl: kit.payUrl, payUrl: kit.payUrl };
    const url = await startCardVerification(deps, { customerId: kit.marioId, locale: 'it' });
    const verification = await kit.db
      .selectFrom('card_verifications')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const sessionId = verification.bank_session_id as string;
    const hosted = new HostedClient(kit.bank);
    await hosted.enterCardAndSubmit(url, { number: '4000000000003220', holder: 'Mario Rossi', expiry: '09/32' });
    const approvals = (await (await fetch(`${kit.bank.baseUrl}/app.json`)).json()) as {
      payment_session_id: string;
      approve_url: string;
    }[];
    const approval = approvals.find((a) => a.payment_session_id === sessionId);
    await fetch(`${kit.bank.baseUrl}${approval?.approve_url}`, { method: 'POST', redirect: 'manual' });
    expect((await kit.gateway.getPaymentSession(sessionId))?.status).toBe('captured');

    // The bank unreachable for the refund only (the real gateway otherwise).
    const unreachable = Object.assign(Object.create(kit.gateway) as PaymentGateway, {
      refund: async () => {
        throw new GatewayError('retry_later', 'network');
      },
    });
    const outcome = await finishCardVerification(
      { ...deps, gateway: unreachable },
      {
        customerId: kit.marioId,
        publicId: verification.public_id,
      },
    );
    expect(outcome).toBe('saved');
    expect((await kit.gateway.getPaymentSession(sessionId))?.amountRefundedCents).toBe(0);

    expect(await refundOwedVerifications(deps)).toBeGreaterThanOrEqual(1);
    expect(await refundOwedVerifications(deps)).toBe(0);
    expect((await kit.gateway.getPaymentSession(sessionId))?.amountRefundedCents).toBe(1);
    const after = await kit.db
      .selectFrom('card_verifications')
      .select('refund_id')
      .where('id', '=', verification.id)
      .executeTakeFirstOrThrow();
    expect(after.refund_id).toMatch(/^re/);
  });
});
