import type { Clock } from '../../shared/clock.ts';
import { requestPayload, SIGNATURE_HEADER, signPayload, verifySignature } from '../../shared/signing.ts';
import {
  type ChargeResult,
  type CreatePaymentSessionInput,
  type DeclineReason,
  type GatewayCard,
  GatewayError,
  type GatewaySession,
  type GatewaySessionStatus,
  isDeclineReason,
  type NotificationCheck,
  type PaymentGateway,
  type RefundInput,
  type RefundResult,
} from './payment-gateway.ts';

/**
 * The Banca Sandbox's merchant API (`/api/v1`) behind Cassa's gateway port: every request signed with the merchant
 * secret (Cassa-Signature over the raw body, or over "METHOD path" without one), every POST with an idempotency key,
 * every answer translated into Cassa's types. This file is the only one that knows the bank's wire format.
 */
export interface SandboxBankOptions {
  /** The bank's base URL, e.g. http://localhost:3002 (the API is under /api/v1). */
  baseUrl: string;
  merchantId: string;
  /** Signs requests; verifies notifications (several during a rotation: the first signs). */
  secrets: readonly string[];
  clock: Clock;
  timeoutMs?: number;
}

/** The bank's payment session statuses, as its API documents them. */
type BankSessionStatus =
  | 'created'
  | 'awaiting_card'
  | 'authenticating'
  | 'authorized'
  | 'declined'
  | 'failed'
  | 'expired';

interface BankCard {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
}

interface BankSession {
  id: string;
  status: BankSessionStatus;
  merchant_reference: string;
  amount: number;
  currency: string;
  redirect_url: string;
  decline_code: string | null;
  decline_type: 'hard' | 'soft' | null;
  authorization_code: string | null;
  amount_refunded: number;
  payment_method: { brand: string; last4: string } | null;
  card: BankCard | null;
}

/**
 * Every bank status and decline code, mapped in one place. An unknown status is a bug in the contract, not an outcome
 * to guess at: it throws.
 */
export function mapBankStatus(
  status: string,
  declineCode: string | null,
): { status: GatewaySessionStatus; declineReason: DeclineReason | null } {
  const reason = (): DeclineReason => (isDeclineReason(declineCode) ? declineCode : 'unknown');
  switch (status as BankSessionStatus) {
    case 'created':
    case 'awaiting_card':
      return { status: 'pending', declineReason: null };
    case 'authenticating':
      return { status: 'authenticating', declineReason: null };
    case 'authorized':
      return { status: 'authorized', declineReason: null };
    case 'declined':
      return { status: 'declined', declineReason: reason() };
    case 'failed':
      return { status: 'failed', declineReason: reason() };
    case 'expired':
      return { status: 'expired', declineReason: null };
    default:
      throw new GatewayError('rejected', 'unknown_status', `the bank answered an unknown status "${status}"`);
  }
}

function toSession(body: BankSession): GatewaySession {
  const mapped = mapBankStatus(body.status, body.decline_code);
  return {
    id: body.id,
    reference: body.merchant_reference,
    status: mapped.status,
    amountCents: body.amount,
    currency: body.currency,
    redirectUrl: body.redirect_url,
    declineReason: mapped.declineReason,
    declineKind: body.decline_type,
    authorizationCode: body.authorization_code,
    paymentMethod: body.payment_method ? { brand: body.payment_method.brand, last4: body.payment_method.last4 } : null,
    savedCard: body.card
      ? {
          token: body.card.token,
          brand: body.card.brand,
          last4: body.card.last4,
          expMonth: body.card.exp_month,
          expYear: body.card.exp_year,
          holder: body.card.holder,
        }
      : null,
    amountRefundedCents: body.amount_refunded,
  };
}

function isBankSession(value: unknown): value is BankSession {
  const v = value as Partial<BankSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.status === 'string' &&
    typeof v.merchant_reference === 'string' &&
    typeof v.amount === 'number' &&
    typeof v.redirect_url === 'string'
  );
}

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
    };
    const answer = await this.call('POST', '/payment-sessions', { body, idempotencyKey: input.idempotencyKey });
    return toSession(this.expectSession(answer));
  }

  async getPaymentSession(id: string): Promise<GatewaySession | undefined> {
    const answer = await this.call('GET', `/payment-sessions/${encodeURIComponent(id)}`, { notFoundOk: true });
    return answer === undefined ? undefined : toSession(this.expectSession(answer));
  }

  async findPaymentSessions(reference: string): Promise<GatewaySession[]> {
    const answer = (await this.call(
      'GET',
      `/payment-sessions?merchant_reference=${encodeURIComponent(reference)}`,
    )) as {
      data?: unknown[];
    };
    if (!Array.isArray(answer?.data)) throw new GatewayError('rejected', 'malformed_answer', 'list without data');
    return answer.data.map((item) => toSession(this.expectSession(item)));
  }

  async chargeSavedCard(input: {
    cardToken: string;
    amountCents: number;
    currency: 'EUR';
    reference: string;
    idempotencyKey: string;
  }): Promise<ChargeResult> {
    const answer = (await this.call('POST', '/charges', {
      body: {
        card_token: input.cardToken,
        amount: input.amountCents,
        currency: input.currency,
        merchant_reference: input.reference,
        reason: 'recurring',
      },
      idempotencyKey: input.idempotencyKey,
    })) as {
      id: string;
      status: 'approved' | 'declined';
      decline_code: string | null;
      decline_type: 'hard' | 'soft' | null;
      authorization_code: string | null;
    };
    return {
      id: answer.id,
      status: answer.status,
      declineReason:
        answer.status === 'declined' ? (isDeclineReason(answer.decline_code) ? answer.decline_code : 'unknown') : null,
      declineKind: answer.decline_type,
      authorizationCode: answer.authorization_code,
    };
  }

  async capturePayment(_input: {
    paymentSessionId: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<GatewaySession> {
    throw new GatewayError('rejected', 'not_supported_yet');
  }

  async voidPayment(_input: { paymentSessionId: string; idempotencyKey: string }): Promise<GatewaySession> {
    throw new GatewayError('rejected', 'not_supported_yet');
  }

  async cancelPaymentSession(_input: { paymentSessionId: string; idempotencyKey: string }): Promise<GatewaySession> {
    throw new GatewayError('rejected', 'not_supported_yet');
  }

  async findCharges(_reference: string): Promise<ChargeResult[]> {
    throw new GatewayError('rejected', 'not_supported_yet');
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const target = 'chargeId' in input ? { charge_id: input.chargeId } : { payment_id: input.paymentSessionId };
    const answer = (await this.call('POST', '/refunds', {
      body: { ...target, amount: input.amountCents },
      idempotencyKey: input.idempotencyKey,
    })) as { id: string; amount: number };
    return { id: answer.id, amountCents: answer.amount };
  }

  async deleteSavedCard(cardToken: string): Promise<'deleted' | 'not_found'> {
    const answer = await this.call('DELETE', `/cards/${encodeURIComponent(cardToken)}`, { notFoundOk: true });
    return answer === undefined ? 'not_found' : 'deleted';
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
    const answer = (await this.call('POST', '/sandbox/cards', {
      body: {
        customer_reference: input.customerReference,
        number: input.number,
        exp_month: input.expMonth,
        exp_year: input.expYear,
        holder: input.holder,
      },
      idempotencyKey: input.idempotencyKey,
    })) as BankCard;
    return {
      token: answer.token,
      brand: answer.brand,
      last4: answer.last4,
      expMonth: answer.exp_month,
      expYear: answer.exp_year,
      holder: answer.holder,
    };
  }

  verifyNotification(rawBody: string, signatureHeader: string | undefined): NotificationCheck {
    const check = verifySignature({
      header: signatureHeader,
      payload: rawBody,
      secrets: this.options.secrets,
      now: this.options.clock.now(),
    });
    if (!check.ok) return { ok: false, reason: `signature_${check.reason}` };
    let parsed: { id?: unknown; type?: unknown; payment_session?: unknown };
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof parsed.id !== 'string' || typeof parsed.type !== 'string' || !isBankSession(parsed.payment_session)) {
      return { ok: false, reason: 'malformed' };
    }
    try {
      return {
        ok: true,
        notification: { eventId: parsed.id, type: parsed.type, session: toSession(parsed.payment_session) },
      };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }

  private expectSession(value: unknown): BankSession {
    if (!isBankSession(value)) throw new GatewayError('rejected', 'malformed_answer', 'not a payment session');
    return value;
  }

  /** One signed request. 404 with `notFoundOk` → undefined; key in use, 5xx, network → unavailable; other 4xx → rejected. */
  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { body?: unknown; idempotencyKey?: string; notFoundOk?: boolean } = {},
  ): Promise<unknown> {
    const fullPath = `/api/v1${path}`;
    const raw = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      'Cassa-Merchant': this.options.merchantId,
      [SIGNATURE_HEADER]: signPayload(
        this.options.secrets[0]!,
        requestPayload({ method, path: fullPath, body: raw }),
        this.options.clock.now(),
      ),
    };
    if (raw !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${fullPath}`, {
        method,
        headers,
        body: raw ?? null,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GatewayError('unavailable', 'network', error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new GatewayError('unavailable', 'malformed_answer', `HTTP ${response.status} without JSON`);
    }
    if (response.ok) return json;
    const code = (json as { error?: { code?: string } } | undefined)?.error?.code ?? `http_${response.status}`;
    if (response.status === 404 && options.notFoundOk) return undefined;
    if (code === 'idempotency_key_in_use' || response.status >= 500) throw new GatewayError('unavailable', code);
    throw new GatewayError('rejected', code, `HTTP ${response.status} on ${method} ${path.split('?')[0]}`);
  }
}
