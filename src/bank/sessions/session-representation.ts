import { declineType, isDeclineCode } from '../charges/decline-codes.ts';
import type { CardRow, PaymentSessionRow } from '../db/schema.ts';

/** A saved card as the merchant API shows it: never more than the last four digits. */
export interface ApiCard {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
}

/** The payment session as the API returns it and as notifications carry it. */
export interface ApiPaymentSession {
  id: string;
  object: 'payment_session';
  status: PaymentSessionRow['status'];
  merchant_reference: string;
  amount: number;
  currency: string;
  description: string;
  customer_reference: string;
  locale: string;
  save_card: boolean;
  redirect_url: string;
  return_url: string;
  three_ds: { method: string; trans_status: string | null; eci: string | null } | null;
  authorization_code: string | null;
  decline_code: string | null;
  decline_type: 'hard' | 'soft' | null;
  /** `automatic`: captured on authorization; `manual`: held until captured (POST …/capture) or voided. */
  capture_method: 'automatic' | 'manual';
  /** What was taken: 0 until captured; at most `amount` (a partial capture releases the rest). */
  amount_captured: number;
  /** Refunded so far, out of `amount_captured`. */
  amount_refunded: number;
  /** Until when an authorization holds the money; one not captured by then lapses (status `voided`). */
  authorization_expires_at: string | null;
  /** `merchant` (voided through the API) or `lapsed` (not captured in time); null unless voided. */
  void_reason: 'merchant' | 'lapsed' | null;
  /** Who cancelled it: `merchant` (POST …/cancel) or `customer` ("Annulla pagamento" on the hosted page); null unless cancelled. */
  cancel_reason: 'merchant' | 'customer' | null;
  /** Brand and last four digits of the card used, for receipts; present whether or not the card was saved. */
  payment_method: { brand: string; last4: string } | null;
  /** The saved card: only when save_card was asked and the payment was authorized, or a saved card paid. */
  card: ApiCard | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}

/** What the API shows of a card, and reads of it. */
export type ApiCardColumns = Pick<
  CardRow,
  'token' | 'brand' | 'last4' | 'exp_month' | 'exp_year' | 'holder' | 'status'
>;

export function toApiCard(card: ApiCardColumns): ApiCard {
  return {
    token: card.token,
    brand: card.brand,
    last4: card.last4,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    holder: card.holder,
  };
}

export function hostedPageUrl(publicUrl: string, sessionId: string): string {
  return `${publicUrl}/pay/${sessionId}`;
}

/** The states a session reaches only through an authorization (the card, when asked, was saved then). */
const WAS_AUTHORIZED: readonly PaymentSessionRow['status'][] = ['authorized', 'captured', 'voided'];

export function toApiPaymentSession(
  session: PaymentSessionRow,
  card: ApiCardColumns | undefined,
  publicUrl: string,
): ApiPaymentSession {
  const cardIsSaved =
    card !== undefined &&
    card.status === 'active' &&
    WAS_AUTHORIZED.includes(session.status) &&
    (session.save_card || session.uses_saved_card);
  return {
    id: session.id,
    object: 'payment_session',
    status: session.status,
    merchant_reference: session.merchant_reference,
    amount: session.amount_cents,
    currency: session.currency,
    description: session.description,
    customer_reference: session.customer_reference,
    locale: session.locale,
    save_card: session.save_card,
    redirect_url: hostedPageUrl(publicUrl, session.id),
    return_url: session.return_url,
    three_ds: session.three_ds_method
      ? { method: session.three_ds_method, trans_status: session.trans_status, eci: session.eci }
      : null,
    authorization_code: session.authorization_code,
    decline_code: session.decline_code,
    decline_type: isDeclineCode(session.decline_code) ? declineType(session.decline_code) : null,
    capture_method: session.capture_method,
    amount_captured: session.amount_captured_cents,
    amount_refunded: session.refunded_cents,
    authorization_expires_at: session.authorization_expires_at ? session.authorization_expires_at.toISOString() : null,
    void_reason: session.void_reason,
    cancel_reason: session.cancel_reason,
    payment_method: card ? { brand: card.brand, last4: card.last4 } : null,
    card: cardIsSaved ? toApiCard(card) : null,
    created_at: session.created_at.toISOString(),
    expires_at: session.expires_at.toISOString(),
    completed_at: session.completed_at ? session.completed_at.toISOString() : null,
  };
}
