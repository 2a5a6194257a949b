import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreatePaymentSessionInput,
  type GatewayCard,
  GatewayError,
  type GatewayErrorKind,
  type PaymentGateway,
} from './payment-gateway.ts';

/**
 * The gateway contract: what Cassa relies on from any acquiring bank behind the port, written in the port's words
 * only. Every adapter passes this one suite unchanged (the sandbox's: sandbox-gateway.contract.test.ts), given a
 * customer simulator that drives that bank's hosted pages and a view of the bank's side for notifications.
 */

/** What a customer does on the bank's hosted page. */
export type CustomerBehaviour =
  /** pays with a card the issuer approves without a challenge */
  | 'frictionless'
  /** pays with a card the issuer challenges (3-D Secure), and passes the challenge */
  | 'challenge_approve'
  /** pays with a card the issuer declines */
  | 'decline'
  /** opens the page and leaves without paying */
  | 'abandon'
  /** opens the page and gives the payment up with the bank's own way out ("Annulla pagamento") */
  | 'cancel';

/** How later merchant-initiated charges on a saved card go. */
export type SavedCardBehaviour = 'approves' | 'declines_hard' | 'declines_soft';

export interface CustomerSimulator {
  /**
   * The customer's browser on `redirectUrl`, doing what `behaviour` says; resolves when they are done. A session that
   * can no longer be paid (cancelled, ended) is only shown to them: nothing they do can authorize it.
   */
  pay(redirectUrl: string, behaviour: CustomerBehaviour): Promise<void>;
  /** A card saved for this customer the way Cassa saves one (a hosted session with saveCard, paid by them). */
  savedCard(customerReference: string, behaviour: SavedCardBehaviour): Promise<GatewayCard>;
}

/** The bank's side of notifications, for the verification tests. */
export interface BankSide {
  /** The bank's notification about this session, as it reached the session's notify URL. */
  deliveredNotification(sessionId: string): Promise<{ rawBody: string; signature: string | undefined }>;
  /** The signature header the bank would send with this raw body at `at`. */
  signNotification(rawBody: string, at: Date): string;
}

export interface GatewayContractSetup {
  gateway: PaymentGateway;
  customer: CustomerSimulator;
  bank: BankSide;
  /** Addresses on the merchant's registered origin, for the sessions the suite creates. */
  returnUrl: string;
  notifyUrl: string;
  close(): Promise<void>;
}

async function rejection(promise: Promise<unknown>): Promise<GatewayErrorKind> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error.kind;
    throw error;
  }
  throw new Error('expected the gateway to refuse');
}

export function describeGatewayContract(name: string, setup: () => Promise<GatewayContractSetup>): void {
  describe(`the gateway contract: ${name}`, () => {
    let kit: GatewayContractSetup;
    let gateway: PaymentGateway;
    beforeAll(async () => {
      kit = await setup();
      gateway = kit.gateway;
    });
    afterAll(async () => {
      await kit?.close();
    });

    const unique = () => randomBytes(6).toString('hex');
    const sessionInput = (overrides: Partial<CreatePaymentSessionInput> = {}): CreatePaymentSessionInput => {
      const reference = `contract-${unique()}`;
      return {
        reference,
        amountCents: 4880,
        currency: 'EUR',
        description: 'PEC Standard, 1 anno',
        customerReference: `customer-${unique()}`,
        returnUrl: kit.returnUrl,
        notifyUrl: kit.notifyUrl,
        saveCard: false,
        locale: 'it',
        capture: 'manual',
        idempotencyKey: `${reference}:session`,
        ...overrides,
      };
    };
    /** A session the customer paid with `behaviour`, as the gateway then reports it. */
    const paid = async (
      behaviour: 'frictionless' | 'challenge_approve',
      overrides: Partial<CreatePaymentSessionInput> = {},
    ) => {
      const created = await gateway.createPaymentSession(sessionInput(overrides));
      await kit.customer.pay(created.redirectUrl, behaviour);
      return (await gateway.getPaymentSession(created.id))!;
    };
    const key = (what: string) => `${what}-${unique()}`;

    it('names itself', () => {
      expect(gateway.name).toMatch(/^[a-z][a-z0-9_-]*$/);
    });

    it('creates a session once per idempotency key, reads it, and finds it by reference', async () => {
      const input = sessionInput();
      const created = await gateway.createPaymentSession(input);
      expect(await gateway.createPaymentSession(input)).toEqual(created);
      expect(created).toMatchObject({
        reference: input.reference,
        status: 'pending',
        amountCents: 4880,
        currency: 'EUR',
        amountCapturedCents: 0,
        amountRefundedCents: 0,
        savedCard: null,
        declineReason: null,
        authentication: null,
      });
      expect(created.redirectUrl).toMatch(/^https?:\/\//);
      expect(await gateway.getPaymentSession(created.id)).toMatchObject({ id: created.id, status: 'pending' });
      expect((await gateway.findPaymentSessions(input.reference)).map((s) => s.id)).toEqual([created.id]);
      expect(await gateway.findPaymentSessions(`nothing-${unique()}`)).toEqual([]);
      expect(await gateway.getPaymentSession(`${created.id}0`)).toBeUndefined();
    });

    it('manual capture: the money is held until captured; the capture answers again for its key, never twice', async () => {
      const authorized = await paid('challenge_approve');
      expect(authorized).toMatchObject({ status: 'authorized', amountCapturedCents: 0, declineReason: null });
      expect(authorized.authorizationCode).not.toBeNull();
      // The challenge passed: 3-D Secure says how (a code or the app) and that the cardholder was authenticated.
      expect(authorized.authentication).toMatchObject({ outcome: 'authenticated' });
      expect(['sms', 'app']).toContain(authorized.authentication?.method);
      expect(authorized.authorizationExpiresAt!.getTime()).toBeGreaterThan(Date.now());
      const capture = { paymentSessionId: authorized.id, amountCents: 4880, idempotencyKey: key('capture') };
      const captured = await gateway.capturePayment(capture);
      expect(captured).toMatchObject({ id: authorized.id, status: 'captured', amountCapturedCents: 4880 });
      expect(await gateway.capturePayment(capture)).toEqual(captured);
      expect(await rejection(gateway.capturePayment({ ...capture, idempotencyKey: key('capture') }))).toBe('rejected');
      expect(await gateway.getPaymentSession(authorized.id)).toMatchObject({ status: 'captured' });
    });

    it('a void releases an authorization, and answers it again; a captured payment cannot be voided', async () => {
      const authorized = await paid('frictionless');
      const voided = await gateway.voidPayment({ paymentSessionId: authorized.id, idempotencyKey: key('void') });
      expect(voided).toMatchObject({ status: 'voided', amountCapturedCents: 0 });
      expect(await gateway.voidPayment({ paymentSessionId: authorized.id, idempotencyKey: key('void') })).toMatchObject(
        { status: 'voided' },
      );
      expect(
        await rejection(
          gateway.capturePayment({
            paymentSessionId: authorized.id,
            amountCents: 4880,
            idempotencyKey: key('capture'),
          }),
        ),
      ).toBe('rejected');
      const captured = await paid('frictionless', { capture: 'automatic' });
      expect(captured.authentication).toMatchObject({ method: 'frictionless', outcome: 'authenticated' });
      expect(await rejection(gateway.voidPayment({ paymentSessionId: captured.id, idempotencyKey: key('void') }))).toBe(
        'rejected',
      );
    });

    it('refunds only captured money: part, then the rest, never more', async () => {
      const authorized = await paid('frictionless');
      expect(
        await rejection(
          gateway.refund({ paymentSessionId: authorized.id, amountCents: 100, idempotencyKey: key('r') }),
        ),
      ).toBe('rejected');
      const captured = await gateway.capturePayment({
        paymentSessionId: authorized.id,
        amountCents: 3000,
        idempotencyKey: key('capture'),
      });
      expect(captured).toMatchObject({ status: 'captured', amountCents: 4880, amountCapturedCents: 3000 });
      const first = { paymentSessionId: authorized.id, amountCents: 1000, idempotencyKey: key('refund') };
      const refund = await gateway.refund(first);
      expect(refund.amountCents).toBe(1000);
      expect(await gateway.refund(first)).toEqual(refund);
      expect(
        await rejection(
          gateway.refund({ paymentSessionId: authorized.id, amountCents: 2001, idempotencyKey: key('r') }),
        ),
      ).toBe('rejected');
      await gateway.refund({ paymentSessionId: authorized.id, amountCents: 2000, idempotencyKey: key('refund') });
      expect(await gateway.getPaymentSession(authorized.id)).toMatchObject({
        amountCapturedCents: 3000,
        amountRefundedCents: 3000,
      });
    });

    it('automatic capture: the session ends captured with the whole amount', async () => {
      const captured = await paid('frictionless', { capture: 'automatic' });
      expect(captured).toMatchObject({ status: 'captured', amountCapturedCents: 4880 });
      const refund = await gateway.refund({
        paymentSessionId: captured.id,
        amountCents: 4880,
        idempotencyKey: key('refund'),
      });
      expect(refund.amountCents).toBe(4880);
    });

    it('a cancelled session can no longer be authorized by the customer; cancelling never throws', async () => {
      const created = await gateway.createPaymentSession(sessionInput());
      await kit.customer.pay(created.redirectUrl, 'abandon');
      const cancel = { paymentSessionId: created.id, idempotencyKey: key('cancel') };
      expect(await gateway.cancelPaymentSession(cancel)).toMatchObject({
        id: created.id,
        status: 'cancelled',
        cancelledBy: 'merchant',
      });
      await kit.customer.pay(created.redirectUrl, 'frictionless');
      expect(await gateway.getPaymentSession(created.id)).toMatchObject({
        status: 'cancelled',
        amountCapturedCents: 0,
        authorizationCode: null,
      });
      expect(await gateway.cancelPaymentSession({ ...cancel, idempotencyKey: key('cancel') })).toMatchObject({
        status: 'cancelled',
      });
    });

    it('a customer who gives up on the bank’s page cancels the session: nothing can authorize it, nothing moved', async () => {
      const created = await gateway.createPaymentSession(sessionInput());
      await kit.customer.pay(created.redirectUrl, 'cancel');
      expect(await gateway.getPaymentSession(created.id)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'customer',
        amountCapturedCents: 0,
        authorizationCode: null,
      });
      await kit.customer.pay(created.redirectUrl, 'frictionless');
      expect(await gateway.getPaymentSession(created.id)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'customer',
      });
      const notified = await kit.bank.deliveredNotification(created.id);
      const check = gateway.verifyNotification(notified.rawBody, notified.signature);
      expect(check.ok && check.notification.session).toMatchObject({ status: 'cancelled', cancelledBy: 'customer' });
      // The merchant's own cancel of such a session changes nothing and says it as it stands.
      expect(
        await gateway.cancelPaymentSession({ paymentSessionId: created.id, idempotencyKey: key('cancel') }),
      ).toMatchObject({ status: 'cancelled', cancelledBy: 'customer' });
    });

    it('cancelling a session the customer already authorized answers it as it stands: authorized', async () => {
      const authorized = await paid('frictionless');
      expect(
        await gateway.cancelPaymentSession({ paymentSessionId: authorized.id, idempotencyKey: key('cancel') }),
      ).toMatchObject({ status: 'authorized' });
      const captured = await paid('frictionless', { capture: 'automatic' });
      expect(
        await gateway.cancelPaymentSession({ paymentSessionId: captured.id, idempotencyKey: key('cancel') }),
      ).toMatchObject({ status: 'captured' });
    });

    it('a declined payment says why; an abandoned one stays pending', async () => {
      const declined = await gateway.createPaymentSession(sessionInput());
      await kit.customer.pay(declined.redirectUrl, 'decline');
      const seen = await gateway.getPaymentSession(declined.id);
      expect(seen).toMatchObject({ status: 'declined', amountCapturedCents: 0, authorizationCode: null });
      expect(seen?.declineReason).not.toBeNull();
      expect(seen?.declineKind).not.toBeNull();
      expect(
        await rejection(
          gateway.capturePayment({ paymentSessionId: declined.id, amountCents: 4880, idempotencyKey: key('capture') }),
        ),
      ).toBe('rejected');
      const abandoned = await gateway.createPaymentSession(sessionInput());
      await kit.customer.pay(abandoned.redirectUrl, 'abandon');
      expect(await gateway.getPaymentSession(abandoned.id)).toMatchObject({ status: 'pending' });
    });

    it('charges a saved card at once (approved is captured) or declines it, hard or soft; findCharges finds them', async () => {
      const customer = `customer-${unique()}`;
      const cases = [
        ['approves', { status: 'approved', declineReason: null, declineKind: null }],
        ['declines_hard', { status: 'declined', declineKind: 'hard' }],
        ['declines_soft', { status: 'declined', declineKind: 'soft' }],
      ] as const;
      for (const [behaviour, expected] of cases) {
        const card = await kit.customer.savedCard(customer, behaviour);
        expect(card).toMatchObject({ token: expect.any(String), last4: expect.stringMatching(/^\d{4}$/) });
        const reference = `renewal-${unique()}`;
        const input = {
          cardToken: card.token,
          amountCents: 4880,
          currency: 'EUR' as const,
          reference,
          idempotencyKey: key('charge'),
        };
        const charge = await gateway.chargeSavedCard(input);
        expect(charge, behaviour).toMatchObject({ ...expected, reference, amountCents: 4880, amountRefundedCents: 0 });
        expect(await gateway.chargeSavedCard(input)).toEqual(charge);
        expect(await gateway.findCharges(reference)).toEqual([charge]);
        if (charge.status === 'approved') {
          expect(charge.authorizationCode).not.toBeNull();
          await gateway.refund({ chargeId: charge.id, amountCents: 880, idempotencyKey: key('refund') });
          expect((await gateway.findCharges(reference))[0]?.amountRefundedCents).toBe(880);
        } else {
          expect(charge.declineReason).not.toBeNull();
        }
      }
      expect(await gateway.findCharges(`nothing-${unique()}`)).toEqual([]);
    });

    it('a deleted card is gone: deleting again says so, charging or paying with it is instrument_gone', async () => {
      const customerReference = `customer-${unique()}`;
      const card = await kit.customer.savedCard(customerReference, 'approves');
      expect(await gateway.deleteSavedCard(card.token)).toBe('deleted');
      expect(await gateway.deleteSavedCard(card.token)).toBe('not_found');
      const charge = gateway.chargeSavedCard({
        cardToken: card.token,
        amountCents: 100,
        currency: 'EUR',
        reference: `renewal-${unique()}`,
        idempotencyKey: key('charge'),
      });
      expect(await rejection(charge)).toBe('instrument_gone');
      expect(
        await rejection(gateway.createPaymentSession(sessionInput({ customerReference, cardToken: card.token }))),
      ).toBe('instrument_gone');
    });

    it('error kinds: in_progress while the same key is being processed, rejected for a request refused', async () => {
      const input = sessionInput();
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => gateway.createPaymentSession(input)));
      const created = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.id] : []));
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created).size).toBe(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ kind: 'in_progress' });
      }
      expect(await rejection(gateway.createPaymentSession(sessionInput({ amountCents: 0 })))).toBe('rejected');
      expect(
        await rejection(gateway.createPaymentSession(sessionInput({ notifyUrl: 'https://elsewhere.invalid/n' }))),
      ).toBe('rejected');
    });

    it("verifies the bank's notifications, and refuses tampered, stale and malformed ones", async () => {
      const captured = await paid('frictionless', { capture: 'automatic' });
      const { rawBody, signature } = await kit.bank.deliveredNotification(captured.id);
      const check = gateway.verifyNotification(rawBody, signature);
      expect(check).toMatchObject({ ok: true, notification: { session: { id: captured.id, status: 'captured' } } });
      expect(gateway.verifyNotification(rawBody, undefined)).toEqual({ ok: false, reason: 'signature_missing' });
      // One byte more (the JSON still reads the same): the signature no longer matches.
      expect(gateway.verifyNotification(`${rawBody} `, signature)).toEqual({ ok: false, reason: 'signature_mismatch' });
      const stale = kit.bank.signNotification(rawBody, new Date(Date.now() - 3600_000));
      expect(gateway.verifyNotification(rawBody, stale)).toEqual({ ok: false, reason: 'signature_stale' });
      for (const body of ['null', '[]', '3', '{}', 'not json']) {
        const signed = kit.bank.signNotification(body, new Date());
        expect(gateway.verifyNotification(body, signed), body).toEqual({ ok: false, reason: 'malformed' });
      }
    });
  });
}
