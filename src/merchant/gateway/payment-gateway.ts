/**
 * The payment gateway port: the few verbs Cassa needs from an acquiring bank, in Cassa's own words. The sandbox bank
 * is one adapter (sandbox-bank-adapter.ts); a real acquirer would be another, passing the same contract suite
 * (gateway-contract.ts). Nothing outside `gateway/` knows a bank's wire format, status names or error codes.
 */

/**
 * Where a hosted payment session stands, as Cassa understands it:
 * - `pending`: created, the customer has not yet reached the authentication (or is typing the card);
 * - `authenticating`: 3-D Secure is under way;
 * - `authorized`: the money is held on the card, not taken: capture it (or void it) before `authorizationExpiresAt`;
 * - `captured`: the money is taken (`amountCapturedCents`); refunds give it back;
 * - `voided`: an authorization released without taking anything, by a void or because it lapsed uncaptured;
 * - `declined`: the issuer said no (see `declineReason`);
 * - `failed`: authentication failed or the bank could not process it;
 * - `expired`: nobody finished it in time; no money moved;
 * - `cancelled`: withdrawn before the customer finished — by the merchant (Cassa superseding it) or by the customer
 *   giving it up on the bank's page (see {@link GatewaySession.cancelledBy}); no money moved.
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
  /** What was taken: 0 until captured; at most `amountCents` (a partial capture releases the rest). */
  amountCapturedCents: number;
  /** Refunded so far, out of `amountCapturedCents`. */
  amountRefundedCents: number;
  /** Until when an authorization holds the money; an `authorized` session not captured by then becomes `voided`. */
  authorizationExpiresAt: Date | null;
  /**
   * Who withdrew a `cancelled` session: `merchant` (Cassa cancelled it, to start another) or `customer` (they left
   * the bank's page with "Annulla pagamento": the payment was given up, not replaced). Null in any other status.
   */
  cancelledBy: 'merchant' | 'customer' | null;
  /** How the cardholder was authenticated (3-D Secure), once the bank has tried; null before, or for a saved card. */
  authentication: GatewayAuthentication | null;
}

/**
 * A 3-D Secure outcome in the port's words. `method`: `frictionless` (the issuer approved without asking), `sms` (a
 * one-time code), `app` (approval in the bank's app). `outcome` follows EMV 3-D Secure's transStatus: `authenticated`
 * (Y), `attempted` (A), `not_authenticated` (N), `rejected` (R), `unavailable` (U); null while under way.
 */
export interface GatewayAuthentication {
  method: 'frictionless' | 'sms' | 'app';
  outcome: 'authenticated' | 'attempted' | 'not_authenticated' | 'rejected' | 'unavailable' | null;
  /** The Electronic Commerce Indicator the issuer returned, as the card schemes define it. */
  eci: string | null;
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
  /**
   * `manual`: the session ends `authorized` and the money is only held until {@link PaymentGateway.capturePayment}
   * (or a void, or the hold's lapse); `automatic`: the bank captures on authorization and the session ends `captured`.
   */
  capture: 'manual' | 'automatic';
  /** The same key always yields the same session (derive it from the attempt). */
  idempotencyKey: string;
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
  /** The reference it was charged with (to find it again: {@link PaymentGateway.findCharges}). */
  reference: string;
  /** `approved`: authorized and captured. */
  status: 'approved' | 'declined';
  amountCents: number;
  amountRefundedCents: number;
  declineReason: DeclineReason | null;
  declineKind: 'hard' | 'soft' | null;
  authorizationCode: string | null;
}

/** A refund of a captured customer-present payment (its session) or of a merchant-initiated charge on a saved card. */
export type RefundInput = { amountCents: number; idempotencyKey: string } & (
  | { paymentSessionId: string }
  | { chargeId: string }
);

export interface RefundResult {
  id: string;
  amountCents: number;
}

export interface CapturePaymentInput {
  paymentSessionId: string;
  /** At most the amount authorized; less captures part and releases the rest. */
  amountCents: number;
  idempotencyKey: string;
}

export interface SessionCommandInput {
  paymentSessionId: string;
  idempotencyKey: string;
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
  /** Which adapter this is (`sandbox`…), as the gateway registry names it and merchant rows record it. */
  readonly name: string;
  createPaymentSession(input: CreatePaymentSessionInput): Promise<GatewaySession>;
  /** The authoritative state of a session; undefined when the bank does not know it. */
  getPaymentSession(id: string): Promise<GatewaySession | undefined>;
  /** Sessions created with this reference (to recover an attempt whose creation answer was lost). */
  findPaymentSessions(reference: string): Promise<GatewaySession[]>;
  /**
   * Takes the money an `authorized` session holds → `captured`. The same key again answers the same capture; a
   * session that cannot be captured (any other state, a captured one included) is a `rejected` GatewayError.
   */
  capturePayment(input: CapturePaymentInput): Promise<GatewaySession>;
  /**
   * Releases an `authorized` session's hold → `voided` (a voided one is answered as it stands). A captured session is
   * `rejected`: refund it instead.
   */
  voidPayment(input: SessionCommandInput): Promise<GatewaySession>;
  /**
   * Withdraws a session the customer has not finished → `cancelled`: the customer can no longer authorize it. Never
   * throws because the session had already ended: it answers it as it stands (e.g. `authorized` or `captured`: the
   * money must then be voided or refunded).
   */
  cancelPaymentSession(input: SessionCommandInput): Promise<GatewaySession>;
  /**
   * A merchant-initiated charge on a saved card (automatic renewal): answered at once, never challenged. It authorizes
   * and captures in one call: `approved` means the money is taken.
   */
  chargeSavedCard(input: ChargeSavedCardInput): Promise<ChargeResult>;
  /** Charges made with this reference (to recover a charge whose answer was lost, without charging again). */
  findCharges(reference: string): Promise<ChargeResult[]>;
  /** Gives back captured money (all or part; several refunds add up to at most what was captured). */
  refund(input: RefundInput): Promise<RefundResult>;
  /** Deletes a saved card at the bank; `not_found` when the bank has no such card (already deleted): same outcome. */
  deleteSavedCard(cardToken: string): Promise<'deleted' | 'not_found'>;
  /** Checks a notification's signature and timestamp over the raw body, and reads it. */
  verifyNotification(rawBody: string, signatureHeader: string | undefined): NotificationCheck;
}

/**
 * What went wrong with a call to the bank, in terms of what the caller should do:
 * - `retry_later`: no usable answer (network error, timeout, 5xx, an answer that does not make sense): retry later
 *   with the same idempotency key;
 * - `in_progress`: the same idempotency key is still being processed by the bank: ask again in a moment, same key;
 * - `instrument_gone`: the bank no longer knows the saved card (deleted, or never saved): as final as a hard decline;
 * - `rejected`: the bank refused the request; retrying it will not help.
 * `code` is the bank's own word for it, for logs only: never branch on it outside the adapter.
 */
export type GatewayErrorKind = 'retry_later' | 'in_progress' | 'instrument_gone' | 'rejected';

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    readonly code: string,
    detail?: string,
  ) {
    super(detail ? `${kind} ${code}: ${detail}` : `${kind} ${code}`);
  }
}
