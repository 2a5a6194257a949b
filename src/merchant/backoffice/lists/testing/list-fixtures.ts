import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  EmailStatus,
  JobStatus,
  MerchantDatabase,
  OrderKind,
  OrderState,
  PaymentAttemptStatus,
  PaymentPurpose,
  RenewalStatus,
  WebhookDeliveryStatus,
} from '../../../../db/schema.ts';

/**
 * Test support for the lists: rows written straight into their tables, with the instants a test chooses, so that a
 * list can be compared with an independent SQL query over many rows. Not the domain's use cases: the lists only read.
 */
type Db = Kysely<MerchantDatabase>;

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function insertCustomer(db: Db, name: string, options: { email?: string } = {}): Promise<number> {
  const email = options.email ?? `list.${next()}.${hex(4)}@example.com`;
  const row = await db
    .insertInto('customers')
    .values({ email, password_hash: 'x', name, locale: 'it', phone: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertService(
  db: Db,
  customerId: number,
  options: {
    product?: string;
    expiresOn?: string;
    autoRenew?: boolean;
    status?: 'active' | 'expired';
    label?: string;
  } = {},
): Promise<number> {
  // Automatic renewal needs a card on file (subscriptions_auto_renew_card_check).
  const card = options.autoRenew
    ? await db
        .insertInto('saved_cards')
        .values({
          customer_id: customerId,
          bank_token: `tok_${hex(12)}`,
          brand: 'visa',
          last4: '4242',
          exp_month: 12,
          exp_year: 2030,
          holder: 'Test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    : undefined;
  const row = await db
    .insertInto('subscriptions')
    .values({
      customer_id: customerId,
      product_code: options.product ?? 'pec',
      label: options.label ?? `servizio-${next()}`,
      status: options.status ?? 'active',
      activated_on: '2025-01-01',
      expires_on: options.expiresOn ?? '2027-01-01',
      auto_renew: options.autoRenew ?? false,
      auto_renew_card_id: card?.id ?? null,
      renewal_period_years: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface OrderSpec {
  customerId: number;
  subscriptionId: number;
  createdAt: Date;
  kind?: OrderKind;
  state?: OrderState;
  totalCents?: number;
}

/** Orders in one statement; their numbers in the order given. */
export async function insertOrders(db: Db, specs: readonly OrderSpec[]): Promise<{ id: number; number: string }[]> {
  if (specs.length === 0) return [];
  return db
    .insertInto('orders')
    .values(
      specs.map((spec) => {
        const total = spec.totalCents ?? 1220;
        const state = spec.state ?? 'awaiting_payment';
        return {
          number: `ORD-2099-${String(next()).padStart(6, '0')}`,
          customer_id: spec.customerId,
          subscription_id: spec.subscriptionId,
          kind: spec.kind ?? 'purchase',
          state,
          currency: 'EUR',
          period_years: 1,
          net_cents: total - Math.round(total / 6.1),
          vat_cents: Math.round(total / 6.1),
          total_cents: total,
          created_at: spec.createdAt,
          paid_at: state === 'paid' ? spec.createdAt : null,
          cancelled_at: state === 'cancelled' ? spec.createdAt : null,
        };
      }),
    )
    .returning(['id', 'number'])
    .execute();
}

export interface AttemptSpec {
  customerId: number;
  orderId: number | null;
  createdAt: Date;
  purpose?: PaymentPurpose;
  status?: PaymentAttemptStatus;
  amountCents?: number;
  declineReason?: string;
  renewalId?: number;
  cardLast4?: string;
  bankSessionId?: string;
}

export async function insertAttempts(
  db: Db,
  specs: readonly AttemptSpec[],
): Promise<{ id: number; public_id: string; bank_session_id: string | null }[]> {
  if (specs.length === 0) return [];
  return db
    .insertInto('payment_attempts')
    .values(
      specs.map((spec) => ({
        public_id: `${spec.purpose === 'card_verification' ? 'cv' : 'pa'}_${hex(16)}`,
        purpose: spec.purpose ?? 'order_payment',
        order_id: spec.orderId,
        customer_id: spec.customerId,
        status: spec.status ?? 'declined',
        amount_cents: spec.amountCents ?? 1220,
        currency: 'EUR',
        bank_session_id: spec.bankSessionId ?? `bs_${hex(12)}`,
        card_brand: spec.cardLast4 ? 'visa' : null,
        card_last4: spec.cardLast4 ?? null,
        decline_reason: spec.declineReason ?? null,
        renewal_id: spec.renewalId ?? null,
        renewal_try: spec.renewalId ? 1 : null,
        created_at: spec.createdAt,
        updated_at: spec.createdAt,
      })),
    )
    .returning(['id', 'public_id', 'bank_session_id'])
    .execute();
}

export async function insertRefund(
  db: Db,
  spec: {
    attemptId: number;
    orderId: number;
    createdAt: Date;
    status: 'pending' | 'succeeded' | 'failed';
    reason?: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('refunds')
    .values({
      attempt_id: spec.attemptId,
      order_id: spec.orderId,
      amount_cents: 100,
      currency: 'EUR',
      reason: spec.reason ?? 'richiesta del cliente',
      status: spec.status === 'succeeded' ? 'succeeded' : 'pending',
      idempotency_key: `key-${next()}`,
      requested_by: 'operator:1',
      bank_refund_id: spec.status === 'succeeded' ? `rf_${hex(8)}` : null,
      created_at: spec.createdAt,
      completed_at: spec.status === 'succeeded' ? spec.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (spec.status === 'failed') {
    await db
      .updateTable('refunds')
      .set({ status: 'failed', failure_reason: 'rifiutato dalla banca', completed_at: spec.createdAt })
      .where('id', '=', row.id)
      .execute();
  }
  return row.id;
}

export async function insertRenewal(
  db: Db,
  spec: {
    subscriptionId: number;
    customerId: number;
    orderId: number;
    periodStart: string;
    status: RenewalStatus;
    createdAt: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('renewals')
    .values({
      subscription_id: spec.subscriptionId,
      customer_id: spec.customerId,
      order_id: spec.orderId,
      period_start: spec.periodStart,
      status: spec.status,
      created_at: spec.createdAt,
      updated_at: spec.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertEmail(
  db: Db,
  spec: { customerId: number | null; status: EmailStatus; createdAt: Date; lastError?: string },
): Promise<number> {
  const n = next();
  const row = await db
    .insertInto('email_outbox')
    .values({
      dedupe_key: `list-test:${n}:${hex(4)}`,
      message_id: `<${n}.${hex(6)}@example.com>`,
      customer_id: spec.customerId,
      to_address: `to.${n}@example.com`,
      locale: 'it',
      template: 'order_paid',
      data: '{}',
      status: spec.status,
      attempts: spec.status === 'pending' ? 0 : 3,
      last_error: spec.lastError ?? (spec.status === 'failed' ? '550 mailbox unavailable' : null),
      created_at: spec.createdAt,
      sent_at: spec.status === 'sent' ? spec.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertJob(db: Db, spec: { queue: string; status: JobStatus; createdAt: Date }): Promise<number> {
  const row = await db
    .insertInto('jobs')
    .values({
      queue: spec.queue,
      payload: '{}',
      status: spec.status,
      run_at: spec.createdAt,
      created_at: spec.createdAt,
      finished_at: spec.status === 'done' || spec.status === 'failed' ? spec.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A webhook delivery, with its endpoint and event. */
export async function insertDelivery(
  db: Db,
  spec: { status: WebhookDeliveryStatus; createdAt: Date; endpointId?: number },
): Promise<{ id: number; endpointId: number }> {
  const endpointId =
    spec.endpointId ??
    (
      await db
        .insertInto('webhook_endpoints')
        .values({
          url: 'https://hooks.example.com/cassa',
          event_types: ['order.paid'],
          secret: `whsec_${hex(16)}`,
          created_at: spec.createdAt,
          updated_at: spec.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const event = await db
    .insertInto('events')
    .values({
      id: `evt_${hex(12)}`,
      type: 'order.paid',
      object_id: `ord_${next()}`,
      data: '{}',
      created_at: spec.createdAt,
    })
    .returning(['seq', 'id', 'object_id'])
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('webhook_deliveries')
    .values({
      endpoint_id: endpointId,
      event_seq: event.seq,
      event_id: event.id,
      event_type: 'order.paid',
      object_id: event.object_id,
      status: spec.status,
      created_at: spec.createdAt,
      delivered_at: spec.status === 'delivered' ? spec.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, endpointId };
}

export async function insertAuditEntry(
  db: Db,
  spec: {
    operator: { id: number; email: string };
    at: Date;
    action: string;
    orderId?: number;
    customerId?: number;
    objectType?: string;
    objectId?: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('audit_log')
    .values({
      at: spec.at,
      operator_id: spec.operator.id,
      operator_email: spec.operator.email,
      action: spec.action,
      object_type: spec.objectType ?? (spec.orderId ? 'order' : 'customer'),
      object_id: spec.objectId ?? String(spec.orderId ?? spec.customerId ?? 0),
      customer_id: spec.customerId ?? null,
      order_id: spec.orderId ?? null,
      reason: 'richiesta del cliente al telefono',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The instant `minutes` minutes after `start`. */
export function minutesAfter(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000);
}

/**
 * A CSV document's records as arrays of fields (RFC 4180: quoted fields, doubled quotes, CRLF), written here
 * independently of shared/csv.ts so that a test reads what a spreadsheet would.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}
