import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Column types of the merchant database, as both engines return them (see database.ts for the parsers). */

type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** 'YYYY-MM-DD' */
type DateOnly = string;

export type Locale = 'it' | 'en';
export type SubscriptionStatus = 'pending' | 'active' | 'expired' | 'cancelled';
export type OrderKind = 'purchase' | 'renewal';
export type OrderState = 'awaiting_payment' | 'paid' | 'cancelled';

export interface CustomersTable {
  id: Id;
  email: string;
  password_hash: string;
  name: string;
  locale: Locale;
  phone: string | null;
  created_at: CreatedAt;
}

export interface ProductsTable {
  code: string;
  name_it: string;
  name_en: string;
  yearly_price_cents: number;
  /** Basis points: 2200 = 22%. */
  vat_rate_bp: number;
  /** FatturaPA Natura (N1…N7, e.g. "N2.2"): why a 0 % product carries no VAT; null otherwise. */
  vat_nature: ColumnType<string | null, string | null | undefined, string | null>;
  auto_renew_available: boolean;
}

export interface SubscriptionsTable {
  id: Id;
  customer_id: number;
  product_code: string;
  label: string;
  status: SubscriptionStatus;
  activated_on: DateOnly | null;
  expires_on: DateOnly | null;
  renewal_period_years: number;
  created_at: CreatedAt;
  /** Automatic renewal (eligible products only), on the saved card below. */
  auto_renew: ColumnType<boolean, boolean | undefined, boolean>;
  auto_renew_card_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface OrdersTable {
  id: Id;
  number: string;
  customer_id: number;
  subscription_id: number;
  kind: OrderKind;
  state: OrderState;
  currency: string;
  period_years: number;
  net_cents: number;
  vat_cents: number;
  total_cents: number;
  created_at: CreatedAt;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** The one promotion (discount code) the order took, if any: see promotions/apply-promotion-code.ts. */
  promotion_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface OrderLinesTable {
  id: Id;
  order_id: number;
  position: number;
  product_code: string;
  description: string;
  quantity: number;
  unit_price_cents: number;
  net_cents: number;
  vat_rate_bp: number;
  /** The product's Natura when the line was made (a 0 % line's reason), as its rate is kept. */
  vat_nature: ColumnType<string | null, string | null | undefined, string | null>;
  vat_cents: number;
  /** Off the line's gross (quantity × unit price): net = gross − discount, and VAT is on that net. */
  discount_cents: ColumnType<number, number | undefined, number>;
}

export interface OrderEventsTable {
  id: Id;
  order_id: number;
  from_state: OrderState | null;
  to_state: OrderState;
  reason: string;
  at: CreatedAt;
}

export type PromotionDiscountKind = 'percent' | 'amount';
/** Which orders a promotion is for: first purchases only, renewals only, or both. */
export type PromotionAppliesTo = 'purchase' | 'renewal' | 'both';

/** A discount campaign (issue 10): see src/merchant/promotions/ and docs/discounts.md. */
export interface PromotionsTable {
  id: Id;
  campaign: string;
  /** Upper-case; unique; null for a promotion without a code. */
  code: string | null;
  /** Null: every product. */
  product_code: string | null;
  discount_kind: PromotionDiscountKind;
  /** Basis points of the net (2000 = 20%), when discount_kind is 'percent'. */
  percent_bp: number | null;
  /** Cents off the net, when discount_kind is 'amount'. */
  amount_cents: number | null;
  applies_to: PromotionAppliesTo;
  /** Business days 'YYYY-MM-DD', both included. */
  valid_from: DateOnly;
  valid_until: DateOnly;
  /** Set when an operator ends it early: from this instant the code is refused. */
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: ColumnType<Date, Date | string, never>;
}

export interface WebSessionsTable {
  id_hash: string;
  app: 'area' | 'pay' | 'backoffice';
  customer_id: number | null;
  /** A back-office session's operator, once signed in (password and, where required, TOTP). */
  operator_id: ColumnType<number | null, number | null | undefined, number | null>;
  csrf_token: string;
  locale: Locale | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
}

export interface RateLimitHitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

/** One account (normalized email) tried from one client address: see rate-limits/login-throttle.ts. */
export interface LoginThrottlesTable {
  account: string;
  address: string;
  /** Tries since the last success that did not succeed (a try is counted when it starts). */
  failures: number;
  last_try_at: Timestamp;
  /** Before this instant the pair's next try is refused unchecked. */
  next_try_at: Timestamp;
}

export type EmailStatus = 'pending' | 'sent' | 'failed';

export interface EmailOutboxTable {
  id: Id;
  dedupe_key: string;
  message_id: string;
  customer_id: number | null;
  to_address: string;
  locale: Locale;
  template: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  sent_at: Timestamp | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

/** A card saved at the bank for a customer: the bank's token and what may be shown. Never the number or the CVV. */
export interface SavedCardsTable {
  id: Id;
  customer_id: number;
  gateway: ColumnType<string, string | undefined, never>;
  bank_token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder: string;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type PaymentAttemptStatus =
  | 'created'
  | 'redirected'
  | 'authenticating'
  | 'authorized'
  | 'void_pending'
  | 'captured'
  | 'voided'
  | 'refund_pending'
  | 'refunded'
  | 'declined'
  | 'failed'
  | 'abandoned'
  | 'cancelled'
  | 'needs_attention';

/** What the money asked of the bank is for (see src/merchant/payments/attempt-states.ts). */
export type PaymentPurpose = 'order_payment' | 'card_verification' | 'renewal_charge';

/** Who started a payment attempt: the signed-in customer, or a guest ("Paga subito un ordine"). */
export type PaymentPayer = 'customer' | 'guest';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface PaymentAttemptsTable {
  id: Id;
  public_id: string;
  purpose: ColumnType<PaymentPurpose, PaymentPurpose | undefined, never>;
  gateway: ColumnType<string, string | undefined, never>;
  /** Null for a card verification only. */
  order_id: Nullable<number>;
  customer_id: number;
  /** The rendered form's key (order payments from Pagamenti): a double click is one attempt. */
  request_key: Nullable<string>;
  status: PaymentAttemptStatus;
  amount_cents: number;
  currency: string;
  saved_card_id: Nullable<number>;
  renewal_id: Nullable<number>;
  renewal_try: Nullable<number>;
  bank_session_id: Nullable<string>;
  bank_charge_id: Nullable<string>;
  redirect_url: Nullable<string>;
  card_brand: Nullable<string>;
  card_last4: Nullable<string>;
  authorization_code: Nullable<string>;
  decline_reason: Nullable<string>;
  decline_kind: Nullable<'hard' | 'soft'>;
  refund_id: Nullable<string>;
  started_in_session: Nullable<string>;
  /** Who started an order payment: the signed-in customer, or a guest by order number and email (issue 10). */
  payer: ColumnType<PaymentPayer, PaymentPayer | undefined, never>;
  /** Paying it switches automatic renewal on (the card page's checkbox); always false for a guest. */
  switch_auto_renew: ColumnType<boolean, boolean | undefined, never>;
  attention_reason: Nullable<string>;
  /** Pending and succeeded refunds' sum, kept by the database (migrations/2026-12-02-070-refunds.ts); ≤ amount. */
  refund_held_cents: ColumnType<number, never, never>;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PaymentAttemptEventsTable {
  id: Id;
  attempt_id: number;
  from_status: PaymentAttemptStatus | null;
  to_status: PaymentAttemptStatus;
  reason: string;
  at: CreatedAt;
}

export interface GatewayEventsTable {
  event_id: string;
  type: string;
  bank_session_id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  received_at: ColumnType<Date, Date | string, never>;
  processed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PayHandoffUsesTable {
  nonce: string;
  customer_id: number;
  used_at: CreatedAt;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Id;
  queue: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  singleton_key: string | null;
  status: ColumnType<JobStatus, JobStatus | undefined, JobStatus>;
  run_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Nullable<Date>;
  /** The worker that holds the claim (process id and start): a restarted process releases its own at once. */
  locked_by: Nullable<string>;
  last_error: Nullable<string>;
  created_at: ColumnType<Date, Date | string, never>;
  finished_at: Nullable<Date>;
}

export type RenewalStatus = 'scheduled' | 'retry_scheduled' | 'succeeded' | 'failed' | 'action_required' | 'closed';

export interface RenewalsTable {
  id: Id;
  subscription_id: number;
  customer_id: number;
  order_id: number;
  /** 'YYYY-MM-DD': the expiry this renewal extends. */
  period_start: DateOnly;
  status: RenewalStatus;
  card_id: Nullable<number>;
  charge_count: ColumnType<number, number | undefined, number>;
  first_charged_at: Nullable<Date>;
  next_charge_at: Nullable<Date>;
  last_decline_reason: Nullable<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RenewalEventsTable {
  id: Id;
  renewal_id: number;
  from_status: RenewalStatus | null;
  to_status: RenewalStatus;
  reason: string;
  at: CreatedAt;
}

/** "Was this page useful?": one vote per page per customer, or per browser session for a visitor (issue 10). */
export interface PageFeedbackTable {
  id: Id;
  page_key: string;
  customer_id: number | null;
  session_hash: string | null;
  useful: boolean;
  comment: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export type SupportTopic = 'payments' | 'orders' | 'services' | 'account' | 'other';

/** "Contatta i nostri esperti": what a signed-in customer asked, about one of their own orders or none. */
export interface SupportRequestsTable {
  id: Id;
  customer_id: number;
  topic: SupportTopic;
  message: string;
  order_id: number | null;
  created_at: ColumnType<Date, Date | string, never>;
}

/** "Password dimenticata?": a single-use token, stored as its SHA-256 only. */
export interface PasswordResetTokensTable {
  id: Id;
  customer_id: number;
  token_hash: string;
  created_at: ColumnType<Date, Date | string, never>;
  expires_at: ColumnType<Date, Date | string, never>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** What happened, for the provider's systems (issue 11): see migrations/2026-12-02-050-events.ts. */
export interface EventsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  object_id: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  created_at: ColumnType<Date, Date | string, never>;
}

export type ApiKeyMode = 'live' | 'test';
export type ApiKeyScopes = 'read' | 'read,write';

/** A key of the merchant REST API (issue 11): see migrations/2026-12-02-060-api-keys.ts. */
export interface ApiKeysTable {
  id: Id;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: ApiKeyScopes;
  mode: ApiKeyMode;
  created_at: ColumnType<Date, Date | string, never>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The first answer to an API POST under an Idempotency-Key, per API key. */
export interface ApiIdempotencyKeysTable {
  api_key_id: number;
  key: string;
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: string | null;
  locked_at: Timestamp;
  created_at: ColumnType<Date, Date | string, never>;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/** A refund of an order's captured payment (issue 11): see migrations/2026-12-02-070-refunds.ts. */
export interface RefundsTable {
  id: Id;
  attempt_id: number;
  order_id: number;
  amount_cents: number;
  currency: string;
  reason: string;
  status: RefundStatus;
  idempotency_key: string;
  /** Who asked: `api:<key prefix>`, `operator:<id>`. */
  requested_by: string;
  bank_refund_id: Nullable<string>;
  failure_reason: Nullable<string>;
  created_at: ColumnType<Date, Date | string, never>;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type WebhookEndpointStatus = 'enabled' | 'disabled';
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Outgoing webhooks (issue 11): see migrations/2026-12-02-080-webhooks.ts. */
export interface WebhookEndpointsTable {
  id: Id;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  event_types: string[];
  status: ColumnType<WebhookEndpointStatus, WebhookEndpointStatus | undefined, WebhookEndpointStatus>;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Id;
  endpoint_id: number;
  event_seq: number;
  event_id: string;
  event_type: string;
  object_id: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_try_at: Date | null;
  last_response_status: number | null;
  last_duration_ms: number | null;
  last_response_body: string | null;
  last_error: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  delivered_at: Date | null;
}

export interface WebhookDeliveryAttemptsTable {
  id: Id;
  delivery_id: number;
  attempt: number;
  manual: ColumnType<boolean, boolean | undefined, never>;
  request_url: string;
  request_headers: ColumnType<Record<string, string>, string, never>;
  request_body: string;
  response_status: number | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
  at: ColumnType<Date, Date | string, never>;
  next_try_at: Date | null;
}

export type OperatorRole = 'viewer' | 'support' | 'admin';

/** The provider's staff in the back office (issue 12): see migrations/2026-12-03-010-backoffice.ts. */
export interface OperatorsTable {
  id: Id;
  email: string;
  name: string;
  role: OperatorRole;
  password_hash: string;
  /** Base32; set at enrolment, in force once totp_enabled_at is set. */
  totp_secret: Nullable<string>;
  totp_enabled_at: Nullable<Date>;
  /** The last 30-second TOTP step a code was accepted for: a code works once. */
  totp_last_step: Nullable<number>;
  disabled_at: Nullable<Date>;
  created_at: ColumnType<Date, Date | string, never>;
}

/** One operator action, append-only (the database refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  id: Id;
  at: ColumnType<Date, Date | string, never>;
  operator_id: number;
  /** The operator's email when acting: the entry reads the same if the account is renamed later. */
  operator_email: string;
  action: string;
  object_type: string;
  object_id: string;
  customer_id: Nullable<number>;
  order_id: Nullable<number>;
  before: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
  after: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
  reason: string;
  /** The confirmation form's key (migrations/2026-12-03-060): one form sent twice is one entry. */
  request_key: ColumnType<string | null, string | null | undefined, never>;
}

/** A `worker` process's liveness on PostgreSQL (migrations/2026-12-03-080, src/jobs/worker-liveness.ts). */
export interface WorkerHeartbeatsTable {
  worker_id: string;
  /** The process's roles, as CASSA_ROLES names them (for a person reading the table). */
  roles: string;
  started_at: ColumnType<Date, Date | undefined, never>;
  seen_at: ColumnType<Date, Date | undefined, Date>;
}

export type BillingKind = 'person' | 'company' | 'public_administration';

/** "Dati di fatturazione", one per customer (issue 15): see migrations/2026-12-03-090-billing-profiles.ts. */
export interface CustomerBillingProfilesTable {
  customer_id: number;
  kind: BillingKind;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  tax_code: string | null;
  vat_number: string | null;
  office_code: string | null;
  recipient_code: string | null;
  pec: string | null;
  street: string;
  postal_code: string;
  city: string;
  province: string | null;
  country: string;
  updated_at: Timestamp;
}

export type FiscalDocumentKindColumn = 'invoice' | 'credit_note';
/** `pending` until transmitted; the SdI's answers move it (the SDI port). */
export type SdiStatus = 'pending' | 'sent' | 'delivered' | 'rejected';

/** The next number per series and year, taken in the issuing transaction (migrations/2026-12-03-091). */
export interface FiscalCountersTable {
  series: string;
  year: number;
  last_number: number;
}

/** Fatture and note di credito (issue 15): see migrations/2026-12-03-091-fiscal-documents.ts and docs/invoices.md. */
export interface FiscalDocumentsTable {
  id: Id;
  kind: FiscalDocumentKindColumn;
  series: string;
  year: number;
  sequence: number;
  /** "2026/A/000123" */
  number: string;
  /** 'YYYY-MM-DD' in the business time zone. */
  issue_date: DateOnly;
  order_id: number;
  refund_id: number | null;
  customer_id: number;
  total_cents: number;
  /** The FiscalDocument (src/merchant/invoices/invoice-document.ts). */
  document: ColumnType<FiscalDocumentJson, string, string>;
  transmission_id: string;
  sdi_status: ColumnType<SdiStatus, SdiStatus | undefined, SdiStatus>;
  /** Issued without the customer's "Dati di fatturazione" (docs/invoices.md): completed before it is transmitted. */
  needs_billing_data: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | string, never>;
}

export type TransmissionOutcome = 'queued' | 'sent' | 'delivered' | 'rejected' | 'refused' | 'invalid';

/** One file handed (or to be handed) to the SdI: migrations/2026-12-03-095-sdi-transmissions.ts. */
export interface FiscalDocumentTransmissionsTable {
  id: Id;
  document_id: number;
  attempt: number;
  /** IT<partita IVA>_<progressivo>.xml, unique: the SdI refuses a name it has received. */
  file_name: string;
  /** The identificativo SdI, once the channel took the file. */
  sdi_id: string | null;
  outcome: ColumnType<TransmissionOutcome, TransmissionOutcome | undefined, TransmissionOutcome>;
  /** Why the channel refused the file, or the schema errors of a file never sent. */
  failure: string | null;
  requested_by: string;
  created_at: ColumnType<Date, Date | string, never>;
  sent_at: Date | null;
}

/** A notification of the SdI about a transmission, stored once per document and MessageId. */
export interface FiscalDocumentNotificationsTable {
  id: Id;
  document_id: number;
  fiscal_transmission_id: number;
  message_id: string;
  kind: 'RC' | 'NS' | 'MC';
  file_name: string;
  errors: ColumnType<Array<{ code: string; message: string }>, string | undefined, string>;
  issued_at: Date;
  xml: string;
  received_at: ColumnType<Date, Date | string, never>;
}

/** The stored document as the database returns it; src/merchant/invoices reads it as a FiscalDocument. */
export type FiscalDocumentJson = Record<string, unknown>;

/** The version of each set of rows processes keep in memory (migration 2026-12-03-100-cache-versions). */
export interface CacheVersionsTable {
  name: 'webhook_endpoints';
  /** A random uuid, new at every change of the set (a trigger's). */
  version: string;
}

export interface MerchantDatabase {
  customers: CustomersTable;
  products: ProductsTable;
  subscriptions: SubscriptionsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_events: OrderEventsTable;
  web_sessions: WebSessionsTable;
  rate_limit_hits: RateLimitHitsTable;
  login_throttles: LoginThrottlesTable;
  email_outbox: EmailOutboxTable;
  app_secrets: AppSecretsTable;
  saved_cards: SavedCardsTable;
  payment_attempts: PaymentAttemptsTable;
  payment_attempt_events: PaymentAttemptEventsTable;
  gateway_events: GatewayEventsTable;
  pay_handoff_uses: PayHandoffUsesTable;
  jobs: JobsTable;
  renewals: RenewalsTable;
  renewal_events: RenewalEventsTable;
  page_feedback: PageFeedbackTable;
  support_requests: SupportRequestsTable;
  password_reset_tokens: PasswordResetTokensTable;
  promotions: PromotionsTable;
  events: EventsTable;
  api_keys: ApiKeysTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  refunds: RefundsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  operators: OperatorsTable;
  audit_log: AuditLogTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  customer_billing_profiles: CustomerBillingProfilesTable;
  fiscal_counters: FiscalCountersTable;
  fiscal_documents: FiscalDocumentsTable;
  fiscal_document_transmissions: FiscalDocumentTransmissionsTable;
  fiscal_document_notifications: FiscalDocumentNotificationsTable;
  cache_versions: CacheVersionsTable;
}

export type Customer = Selectable<CustomersTable>;
export type Product = Selectable<ProductsTable>;
export type Subscription = Selectable<SubscriptionsTable>;
export type Order = Selectable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type NewOrderLine = Insertable<OrderLinesTable>;
export type SavedCard = Selectable<SavedCardsTable>;
export type PaymentAttempt = Selectable<PaymentAttemptsTable>;
export type Refund = Selectable<RefundsTable>;
export type BillingProfileRow = Selectable<CustomerBillingProfilesTable>;
export type FiscalDocumentRow = Selectable<FiscalDocumentsTable>;
export type FiscalDocumentTransmission = Selectable<FiscalDocumentTransmissionsTable>;
export type Job = Selectable<JobsTable>;
export type Renewal = Selectable<RenewalsTable>;
export type Promotion = Selectable<PromotionsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookDeliveryAttempt = Selectable<WebhookDeliveryAttemptsTable>;
