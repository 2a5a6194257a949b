import Fastify from 'fastify';
import { deliverDueNotifications } from '../../../bank/notifications/notification-delivery.ts';
import { createTestMerchant, startTestBank } from '../../../bank/testing/bank-test-kit.ts';
import { HostedClient, otpFromSms } from '../../../bank/testing/hosted-client.ts';
import type { DatabaseKind } from '../../../db/database.ts';
import { systemClock } from '../../../shared/clock.ts';
import { signPayload } from '../../../shared/signing.ts';
import type {
  CustomerBehaviour,
  CustomerSimulator,
  GatewayContractSetup,
  SavedCardBehaviour,
} from '../gateway-contract.ts';
import type { GatewayCard, PaymentGateway } from '../payment-gateway.ts';
import { SandboxBankAdapter } from '../sandbox-bank-adapter.ts';

/**
 * Test support (not a test): the gateway contract's setup for the sandbox adapter — a real Banca Sandbox over HTTP on
 * a fresh database of the given kind, a merchant whose notify URL is a real listening server, and a customer who uses
 * the bank's hosted pages over HTTP (the SMS code read from the sandbox phone, /sms.json). Which test card plays each
 * behaviour is known here only.
 */
export async function openSandboxGatewayKit(kind: DatabaseKind): Promise<GatewayContractSetup> {
  const received: { body: string; signature: string | undefined }[] = [];
  const shop = Fastify();
  shop.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  shop.post('/notify', async (request) => {
    const signature = request.headers['cassa-signature'];
    received.push({ body: request.body as string, signature: typeof signature === 'string' ? signature : undefined });
    return { received: true };
  });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  const address = shop.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const origin = `http://127.0.0.1:${address.port}`;

  const bank = await startTestBank(kind);
  const merchant = await createTestMerchant(bank, origin);
  const gateway = new SandboxBankAdapter({
    baseUrl: bank.baseUrl,
    merchantId: merchant.id,
    secrets: [merchant.secret],
    clock: systemClock,
  });
  const returnUrl = `${origin}/return`;
  const notifyUrl = `${origin}/notify`;

  const cards: Record<Exclude<CustomerBehaviour, 'abandon' | 'cancel'>, string> = {
    frictionless: '5555555555554444',
    challenge_approve: '4242424242424242',
    decline: '4000000000000002',
  };
  const savedCards: Record<SavedCardBehaviour, string> = {
    approves: '5555555555554444',
    declines_hard: '4000000000000341',
    declines_soft: '4000002500003155',
  };

  async function payWith(redirectUrl: string, number: string): Promise<void> {
    const client = new HostedClient(bank);
    await client.enterCardAndSubmit(redirectUrl, { number });
    if (!client.lastHtml.includes('name="code"')) return;
    const sessionId = new URL(redirectUrl).pathname.split('/').pop()!;
    await client.post(`/pay/${sessionId}/otp`, { code: await otpFromSms(bank, sessionId) });
  }

  const customer: CustomerSimulator = {
    async pay(redirectUrl, behaviour) {
      if (behaviour === 'abandon') {
        await new HostedClient(bank).get(redirectUrl);
        return;
      }
      if (behaviour === 'cancel') {
        // "Annulla pagamento" on the card form, then the browser follows the result page back to the shop.
        const client = new HostedClient(bank);
        await client.get(redirectUrl);
        await client.post(`${new URL(redirectUrl).pathname}/cancel`, {});
        await client.get(`${new URL(redirectUrl).pathname}/return`);
        return;
      }
      await payWith(redirectUrl, cards[behaviour]);
    },
    async savedCard(customerReference, behaviour): Promise<GatewayCard> {
      const reference = `card-${customerReference}-${behaviour}`;
      const session = await gateway.createPaymentSession({
        reference,
        amountCents: 1,
        currency: 'EUR',
        description: 'Verifica carta',
        customerReference,
        returnUrl,
        notifyUrl,
        saveCard: true,
        locale: 'it',
        capture: 'manual',
        idempotencyKey: `${reference}:session`,
      });
      await payWith(session.redirectUrl, savedCards[behaviour]);
      const saved = (await gateway.getPaymentSession(session.id))?.savedCard;
      if (!saved) throw new Error(`the ${behaviour} card was not saved`);
      await gateway.voidPayment({ paymentSessionId: session.id, idempotencyKey: `${reference}:void` });
      return saved;
    },
  };

  return {
    gateway: gateway satisfies PaymentGateway,
    customer,
    bank: {
      async deliveredNotification(sessionId) {
        const about = (r: { body: string }) =>
          (JSON.parse(r.body) as { payment_session?: { id?: string } }).payment_session?.id === sessionId;
        while (!received.some(about) && (await deliverDueNotifications(bank.ctx)) > 0) {
          // the outbox is sent 20 at a time, oldest first
        }
        const found = received.find(about);
        if (!found) throw new Error(`no notification delivered for ${sessionId}`);
        return { rawBody: found.body, signature: found.signature };
      },
      signNotification: (rawBody, at) => signPayload(merchant.secret, rawBody, at),
    },
    returnUrl,
    notifyUrl,
    async close() {
      await bank.close();
      await shop.close();
    },
  };
}
