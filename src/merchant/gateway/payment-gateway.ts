/**
 * The payment gateway port: the few verbs Cassa needs from an acquiring bank, in Cassa's own words. The sandbox bank
 * is one adapter (sandbox-bank-adapter.ts); a real acquirer would be another, passing the same contract tests
 * (gateway-contract.ts). Nothing outside `gateway/` knows a bank's wire format or status names.
 */

/**
 * Where a hosted payment session stands, as Cassa understands it:
 * - `pending`: created, the customer has not yet reached the authentication (or is typing the card);
 * - `authenticating`: 3-D Secure is under way;
 * - `authorized`: the money is captured (the sandbox captures on authorization);
 * - `declined`: the issuer said no (see `declineReason`);
 * - `failed`: authentication failed or the bank could not process it;
 * - `expired`: nobody finished it in time; no money moved.
 */
export type GatewaySessionStatus =
  | 'pending'
  | 'authenticating'
  | 'authorized'
  | 'captured'
  | 'voided'
  | 'declined'
  | 'failed'
  | 'expired'
  | 'cancelled';

/** Why a payment did not go through, in Cassa's vocabulary (each has a customer-facing message). */
export const DECLINE_REASONS = [
  'insufficient_funds',
  'do_not_honor',
  'expired_card',
  'stolen_card',
  'card_not_active',
  'authentication_required',
  'authentication_failed',
  'authentication_expired',
  'processing_error',
  'unknown',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export function isDeclineReason(value: unknown): value is DeclineReason {
  return typeof value === 'string' && (DECLINE_REASONS as readonly string[]).includes(value);
}

/** A card as the bank saved it: its token and what may be shown. Never the number. */
export interface GatewayCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  holder: string;
}

export interface GatewaySession {
  id: string;
  /** Our reference for it (the payment attempt's public id). */
  reference: string;
  status: GatewaySessionStatus;
  amountCents: number;
  currency: string;
  /** Where to send the customer's browser. */
  redirectUrl: string;
  declineReason: DeclineReason | null;
  /** `hard`: retrying this card cannot succeed. */
  declineKind: 'hard' | 'soft' | null;
  authorizationCode: string | null;
  /** Brand and last four of the card used, whether or not it was saved. */
  paymentMethod: { brand: string; last4: string } | null;
  /** The saved card, when the session saved one (or paid with one). */
  savedCard: GatewayCard | null;
  amountRefundedCents: number;
  amountCapturedCents: number;
  authorizationExpiresAt: Date | null;
}

export interface CreatePaymentSessionInput {
  reference: string;
  amountCents: number;
  currency: 'EUR';
  description: string;
  /** The customer as the bank knows them (saved cards are scoped to it). */
  customerReference: string;
  returnUrl: string;
  notifyUrl: string;
  /** Ask the bank to keep the card typed on its page. */
  saveCard: boolean;
  /** Pay with this saved card instead of a new one. */
  cardToken?: string;
  locale: 'it' | 'en';
  /** The same key always yields the same session (derive it from the attempt). */
  idempotencyKey: string;
  /** `manual`: the session ends `authorized` and waits for capturePayment or voidPayment. */
  capture: 'manual' | 'automatic';
}

export interface ChargeSavedCardInput {
  cardToken: string;
  amountCents: number;
  currency: 'EUR';
  reference: string;
  idempotencyKey: string;
}

export interface ChargeResult {
  id: string;
  reference: string;
  amountCents: number;
  amountRefundedCents: number;
  status: 'approved' | 'declined';
  declineReason: DeclineReason | null;
  declineKind: 'hard' | 'soft' | null;
  authorizationCode: string | null;
}

/** A refund of a customer-present payment (its session) or of a merchant-initiated charge on a saved card. */
export type RefundInput = { amountCents: number; idempotencyKey: string } & (
  | { paymentSessionId: string }
  | { chargeId: string }
);

export interface RefundResult {
  id: string;
  amountCents: number;
}

/** A verified notification: which session changed. Its content is a hint; the session is read again to act on it. */
export interface GatewayNotification {
  eventId: string;
  type: string;
  session: GatewaySession;
}

export type NotificationCheck =
  | { ok: true; notification: GatewayNotification }
  | {
      ok: false;
      reason: 'signature_missing' | 'signature_malformed' | 'signature_stale' | 'signature_mismatch' | 'malformed';
    };

export interface PaymentGateway {
  readonly name: string;
  createPaymentSession(input: CreatePaymentSessionInput): Promise<GatewaySession>;
  /** The authoritative state of a session; undefined when the bank does not know it. */
  getPaymentSession(id: string): Promise<GatewaySession | undefined>;
  /** Sessions created with this reference (to recover an attempt whose creation answer was lost). */
  findPaymentSessions(reference: string): Promise<GatewaySession[]>;
  /** A merchant-initiated charge on a saved card (automatic renewal): answered at once, never challenged. */
  chargeSavedCard(input: ChargeSavedCardInput): Promise<ChargeResult>;
  capturePayment(input: {
    paymentSessionId: string;
    amountCents: number;
    idempotencyKey: string;
  }): Promise<GatewaySession>;
  voidPayment(input: { paymentSessionId: string; idempotencyKey: string }): Promise<GatewaySession>;
  /** Cancels an open session; returns it as it stands (`cancelled`, or its final status if it had already ended). */
  cancelPaymentSession(input: { paymentSessionId: string; idempotencyKey: string }): Promise<GatewaySession>;
  /** Merchant-initiated charges made with this reference (to recover one whose answer was lost). */
  findCharges(reference: string): Promise<ChargeResult[]>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Deletes a saved card at the bank; `not_found` when the bank has no such card (already deleted): same outcome. */
  deleteSavedCard(cardToken: string): Promise<'deleted' | 'not_found'>;
  /** Checks a notification's signature and timestamp over the raw body, and reads it. */
  verifyNotification(rawBody: string, signatureHeader: string | undefined): NotificationCheck;
}

/**
 * A call to the bank that did not produce an answer we can act on.
 * - `unavailable`: network error, timeout, 5xx, or 409 (the same idempotency key still in progress): retry later
 *   with the same key;
 * - `rejected`: the bank refused the request (4xx); `code` says why. Retrying the same request will not help.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly kind: 'retry_later' | 'in_progress' | 'instrument_gone' | 'rejected' | 'unavailable',
    readonly code: string,
    detail?: string,
  ) {
    super(detail ? `${kind} ${code}: ${detail}` : `${kind} ${code}`);
  }
}
