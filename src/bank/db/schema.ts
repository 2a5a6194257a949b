import type { ColumnType, Generated, Selectable } from 'kysely';

/** Column types of the bank database, as both engines return them (see src/db/database.ts for the parsers). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Locale = 'it' | 'en';
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'maestro';
export type CardStatus = 'transient' | 'active' | 'deleted';
export type PaymentSessionStatus =
  | 'created'
  | 'awaiting_card'
  | 'authenticating'
  | 'authorized'
  | 'captured'
  | 'voided'
  | 'declined'
  | 'failed'
  | 'expired'
  | 'cancelled';
/** `automatic`: captured in the same transaction as the authorization; `manual`: held until the merchant captures. */
export type CaptureMethod = 'automatic' | 'manual';
/** Why an authorization was released: the merchant voided it, or it was not captured in time. */
export type VoidReason = 'merchant' | 'lapsed';
/** Who withdrew a cancelled session: the merchant (API), or the customer ("Annulla pagamento" on the hosted page). */
export type CancelReason = 'merchant' | 'customer';
export type ThreeDsMethod = 'frictionless' | 'sms' | 'app';
/** EMV 3-D Secure transStatus: Y authenticated, N not authenticated, U unavailable, A attempted, R rejected. */
export type TransStatus = 'Y' | 'N' | 'U' | 'A' | 'R';
export type ChallengeMethod = 'sms' | 'app';
export type ChallengeStatus = 'pending' | 'approved' | 'denied' | 'failed' | 'expired' | 'cancelled';
export type ChargeStatus = 'approved' | 'declined';

export interface MerchantsTable {
  id: string;
  name: string;
  /** Bumped by every change to the merchant, its secrets or its origins: what the in-memory copies check. */
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface MerchantSecretsTable {
  merchant_id: string;
  position: number;
  secret: string;
}

export interface MerchantOriginsTable {
  merchant_id: string;
  origin: string;
}

export interface CardsTable {
  token: string;
  merchant_id: string;
  customer_reference: string;
  status: CardStatus;
  brand: CardBrand;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
  pan_ciphertext: string;
  created_at: CreatedAt;
  deleted_at: NullableTimestamp;
}

export interface PaymentSessionsTable {
  id: string;
  merchant_id: string;
  merchant_reference: string;
  amount_cents: number;
  currency: 'EUR';
  description: string;
  customer_reference: string;
  return_url: string;
  notify_url: string;
  save_card: boolean;
  locale: Locale;
  status: PaymentSessionStatus;
  card_token: string | null;
  uses_saved_card: ColumnType<boolean, boolean | undefined, boolean>;
  three_ds_method: ThreeDsMethod | null;
  trans_status: TransStatus | null;
  eci: string | null;
  decline_code: string | null;
  authorization_code: string | null;
  capture_method: ColumnType<CaptureMethod, CaptureMethod | undefined, CaptureMethod>;
  /** Set with `authorized` under manual capture: an authorization not captured by then lapses (→ voided). */
  authorization_expires_at: NullableTimestamp;
  amount_captured_cents: ColumnType<number, number | undefined, number>;
  captured_at: NullableTimestamp;
  void_reason: ColumnType<VoidReason | null, VoidReason | null | undefined, VoidReason | null>;
  voided_at: NullableTimestamp;
  /** Set exactly when the session is `cancelled`. */
  cancel_reason: ColumnType<CancelReason | null, CancelReason | null | undefined, CancelReason | null>;
  refunded_cents: ColumnType<number, number | undefined, number>;
  browser_binding_hash: string | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  completed_at: NullableTimestamp;
}

export interface PaymentSessionEventsTable {
  id: Generated<number>;
  payment_session_id: string;
  from_status: PaymentSessionStatus;
  to_status: PaymentSessionStatus;
  reason: string | null;
  created_at: CreatedAt;
}

export interface ChallengesTable {
  id: string;
  payment_session_id: string;
  method: ChallengeMethod;
  status: ChallengeStatus;
  code_hash: string | null;
  failed_attempts: ColumnType<number, number | undefined, number>;
  resends: ColumnType<number, number | undefined, number>;
  /** Keyed hash of the card number: wrong codes are counted per card across challenges. */
  card_fingerprint: string | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
  decided_at: NullableTimestamp;
}

export interface OtpFailuresTable {
  id: Generated<number>;
  card_fingerprint: string;
  challenge_id: string;
  failed_at: Timestamp;
}

export interface SmsMessagesTable {
  id: Generated<number>;
  payment_session_id: string;
  recipient: string;
  masked_card: string;
  body: string;
  created_at: CreatedAt;
}

export interface ChargesTable {
  id: string;
  merchant_id: string;
  card_token: string;
  amount_cents: number;
  currency: 'EUR';
  merchant_reference: string;
  reason: 'recurring';
  status: ChargeStatus;
  decline_code: string | null;
  authorization_code: string | null;
  refunded_cents: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface RefundsTable {
  id: string;
  merchant_id: string;
  payment_session_id: string | null;
  charge_id: string | null;
  amount_cents: number;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  merchant_id: string;
  key: string;
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: string | null;
  locked_at: Timestamp;
  created_at: CreatedAt;
}

export interface NotificationsTable {
  id: string;
  merchant_id: string;
  payment_session_id: string;
  url: string;
  payload: string;
  attempts: ColumnType<number, number | undefined, number>;
  /** Connection refusals in a row (the merchant not listening yet): retried soon, not counted as attempts. */
  refusals: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  delivered_at: NullableTimestamp;
  gave_up_at: NullableTimestamp;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface SignatureNoncesTable {
  merchant_id: string;
  nonce: string;
  expires_at: Timestamp;
}

export interface BankDatabase {
  merchants: MerchantsTable;
  merchant_secrets: MerchantSecretsTable;
  merchant_origins: MerchantOriginsTable;
  cards: CardsTable;
  payment_sessions: PaymentSessionsTable;
  payment_session_events: PaymentSessionEventsTable;
  challenges: ChallengesTable;
  sms_messages: SmsMessagesTable;
  charges: ChargesTable;
  refunds: RefundsTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
  signature_nonces: SignatureNoncesTable;
  otp_failures: OtpFailuresTable;
}

export type PaymentSessionRow = Selectable<PaymentSessionsTable>;
export type CardRow = Selectable<CardsTable>;
export type ChallengeRow = Selectable<ChallengesTable>;
export type ChargeRow = Selectable<ChargesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
