import type { z } from 'zod';
import type { Clock } from '../../shared/clock.ts';
import { currentRequestId } from '../../shared/request-context.ts';
import { SIGNATURE_HEADER, signRequest, verifySignature } from '../../shared/signing.ts';
import {
  type CapturePaymentInput,
  type ChargeResult,
  type ChargeSavedCardInput,
  type CreatePaymentSessionInput,
  type GatewayCard,
  GatewayError,
  type GatewaySession,
  type NotificationCheck,
  type PaymentGateway,
  type RefundInput,
  type RefundResult,
  type SessionCommandInput,
} from './payment-gateway.ts';
import {
  bankCardSchema,
  bankChargeSchema,
  bankRefundSchema,
  bankSessionSchema,
  deletedCardSchema,
  errorSchema,
  listOf,
  notificationSchema,
  toCard,
  toCharge,
  toSession,
} from './sandbox-bank-wire.ts';

/**
 * The Banca Sandbox's merchant API (`/api/v1`) behind Cassa's gateway port: every request signed with the merchant
 * secret (method, path, idempotency key and body, with a nonce: see shared/signing.ts), every POST with an
 * idempotency key, every answer validated against the bank's documented shape and translated into Cassa's types
 * (sandbox-bank-wire.ts), every failure into one of the port's error kinds. These two files are the only ones that
 * know the bank's wire format.
 */
export interface SandboxBankOptions {
  /** The bank's base URL, e.g. http://localhost:3002 (the API is under /api/v1). */
  baseUrl: string;
  merchantId: string;
  /** Signs requests; verifies notifications (several during a rotation: the first signs). */
  secrets: readonly string[];
  clock: Clock;
  timeoutMs?: number;
  /** Where answers that do not validate are reported (they are bugs of the bank or of this adapter). */
  logger?: { warn(details: object, message: string): void };
}

/** The bank's refusals that mean the saved card is gone, whatever the verb. */
const INSTRUMENT_GONE = new Set(['card_not_found']);

export class SandboxBankAdapter implements PaymentGateway {
  readonly name = 'sandbox';
  private readonly timeoutMs: number;

  constructor(private readonly options: SandboxBankOptions) {
    if (options.secrets.length === 0 || !options.secrets[0]) throw new Error('the sandbox bank adapter needs a secret');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async createPaymentSession(input: CreatePaymentSessionInput): Promise<GatewaySession> {
    const body = {
      merchant_reference: input.reference,
      amount: input.amountCents,
      currency: input.currency,
      description: input.description,
      customer_reference: input.customerReference,
      return_url: input.returnUrl,
      notify_url: input.notifyUrl,
      save_card: input.saveCard,
      ...(input.cardToken ? { card_token: input.cardToken } : {}),
      locale: input.locale,
      capture_method: input.capture,
    };
    const answer = await this.call('POST', '/payment-sessions', { body, idempotencyKey: input.idempotencyKey });
    return toSession(this.expect(bankSessionSchema, answer));
  }

  async getPaymentSession(id: string): Promise<GatewaySession | undefined> {
    const answer = await this.call('GET', `/payment-sessions/${encodeURIComponent(id)}`, { notFoundOk: true });
    return answer === undefined ? undefined : toSession(this.expect(bankSessionSchema, answer));
  }

  async findPaymentSessions(reference: string): Promise<GatewaySession[]> {
    const answer = await this.call('GET', `/payment-sessions?merchant_reference=${encodeURIComponent(reference)}`);
    return this.expect(listOf(bankSessionSchema), answer).data.map(toSession);
  }

  async capturePayment(input: CapturePaymentInput): Promise<GatewaySession> {
    return this.sessionCommand('capture', input, { amount: input.amountCents });
  }

  async voidPayment(input: SessionCommandInput): Promise<GatewaySession> {
    return this.sessionCommand('void', input, {});
  }

  async cancelPaymentSession(input: SessionCommandInput): Promise<GatewaySession> {
    return this.sessionCommand('cancel', input, {});
  }

  async chargeSavedCard(input: ChargeSavedCardInput): Promise<ChargeResult> {
    const answer = await this.call('POST', '/charges', {
      body: {
        card_token: input.cardToken,
        amount: input.amountCents,
        currency: input.currency,
        merchant_reference: input.reference,
        reason: 'recurring',
      },
      idempotencyKey: input.idempotencyKey,
    });
    return toCharge(this.expect(bankChargeSchema, answer));
  }

  async findCharges(reference: string): Promise<ChargeResult[]> {
    const answer = await this.call('GET', `/charges?merchant_reference=${encodeURIComponent(reference)}`);
    return this.expect(listOf(bankChargeSchema), answer).data.map(toCharge);
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const target = 'chargeId' in input ? { charge_id: input.chargeId } : { payment_id: input.paymentSessionId };
    const answer = await this.call('POST', '/refunds', {
      body: { ...target, amount: input.amountCents },
      idempotencyKey: input.idempotencyKey,
    });
    const refund = this.expect(bankRefundSchema, answer);
    return { id: refund.id, amountCents: refund.amount };
  }

  async deleteSavedCard(cardToken: string): Promise<'deleted' | 'not_found'> {
    const answer = await this.call('DELETE', `/cards/${encodeURIComponent(cardToken)}`, { notFoundOk: true });
    if (answer === undefined) return 'not_found';
    this.expect(deletedCardSchema, answer);
    return 'deleted';
  }

  /**
   * Sandbox only, not part of the port: saves a test card for a customer without a payment (the bank refuses this in
   * production). Used to give the demo customer a saved card. The number goes to the bank and is kept nowhere here.
   */
  async saveSandboxCard(input: {
    customerReference: string;
    number: string;
    expMonth: number;
    expYear: number;
    holder: string;
    idempotencyKey: string;
  }): Promise<GatewayCard> {
    const answer = await this.call('POST', '/sandbox/cards', {
      body: {
        customer_reference: input.customerReference,
        number: input.number,
        exp_month: input.expMonth,
        exp_year: input.expYear,
        holder: input.holder,
      },
      idempotencyKey: input.idempotencyKey,
    });
    return toCard(this.expect(bankCardSchema, answer));
  }

  verifyNotification(rawBody: string, signatureHeader: string | undefined): NotificationCheck {
    const check = verifySignature({
      header: signatureHeader,
      payload: rawBody,
      secrets: this.options.secrets,
      now: this.options.clock.now(),
    });
    if (!check.ok) return { ok: false, reason: `signature_${check.reason}` };
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    // Signed by the bank and still not an event (`null`, `[]`, a session without its fields): refused, not guessed.
    const parsed = notificationSchema.safeParse(json);
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    return {
      ok: true,
      notification: {
        eventId: parsed.data.id,
        type: parsed.data.type,
        session: toSession(parsed.data.payment_session),
      },
    };
  }

  private async sessionCommand(
    verb: 'capture' | 'void' | 'cancel',
    input: SessionCommandInput,
    body: Record<string, unknown>,
  ): Promise<GatewaySession> {
    const answer = await this.call('POST', `/payment-sessions/${encodeURIComponent(input.paymentSessionId)}/${verb}`, {
      body,
      idempotencyKey: input.idempotencyKey,
    });
    return toSession(this.expect(bankSessionSchema, answer));
  }

  /** An answer of the expected shape, or `retry_later` `malformed_answer` (logged: it is a bug somewhere). */
  private expect<S extends z.ZodType>(schema: S, answer: unknown): z.infer<S> {
    const parsed = schema.safeParse(answer);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    this.options.logger?.warn({ gateway: this.name, problems }, 'the bank answered something that does not validate');
    throw new GatewayError('retry_later', 'malformed_answer', problems.join('; '));
  }

  /**
   * One signed request. 404 with `notFoundOk` → undefined. Network, timeout, 5xx → retry_later; the key still in
   * use → in_progress; the saved card unknown → instrument_gone; any other refusal → rejected.
   */
  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { body?: unknown; idempotencyKey?: string; notFoundOk?: boolean } = {},
  ): Promise<unknown> {
    const fullPath = `/api/v1${path}`;
    const raw = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      'Cassa-Merchant': this.options.merchantId,
      // A fresh nonce per request: a retry is signed again, never resent as it was.
      [SIGNATURE_HEADER]: signRequest({
        secret: this.options.secrets[0]!,
        method,
        path: fullPath,
        idempotencyKey: options.idempotencyKey,
        body: raw,
        now: this.options.clock.now(),
      }),
    };
    if (raw !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    // The customer's request that led here, so the bank's log lines can be found by the id we log.
    const requestId = currentRequestId();
    if (requestId) headers['X-Request-Id'] = requestId;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.baseUrl}${fullPath}`, {
        method,
        headers,
        body: raw ?? null,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new GatewayError('retry_later', timedOut ? 'timeout' : 'network', errorMessage(error));
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new GatewayError('retry_later', 'malformed_answer', `HTTP ${response.status} without JSON`);
    }
    if (response.ok) return json;
    if (response.status === 404 && options.notFoundOk) return undefined;
    const refusal = errorSchema.safeParse(json);
    const code = refusal.success ? refusal.data.error.code : `http_${response.status}`;
    const where = `HTTP ${response.status} on ${method} ${path.split('?')[0]}`;
    if (response.status >= 500) throw new GatewayError('retry_later', code, where);
    if (code === 'idempotency_key_in_use') throw new GatewayError('in_progress', code, where);
    if (INSTRUMENT_GONE.has(code)) throw new GatewayError('instrument_gone', code, where);
    throw new GatewayError('rejected', code, where);
  }
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `${error.message} (${cause.code})` : error.message;
}
