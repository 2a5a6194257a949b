import { sql, type Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import { businessYear } from '../../shared/business-time.ts';
import { discountedLineAmounts } from '../../shared/money.ts';
import { productName } from '../catalog/product-names.ts';
import { serviceName } from '../catalog/service-name.ts';
import { DEMO_PRODUCTS } from './demo-catalog.ts';
import type { DemoHistoryPlan, PlannedEmail } from './demo-history-plan.ts';

type Trx = Transaction<MerchantDatabase>;

/**
 * Order numbers for the history, taken from the shared sequence in date order. The demo's own orders (Mario's,
 * Giulia's) are made one by one through createOrder; calling `before(trx, at)` ahead of each one takes the numbers
 * of the history orders made earlier, so that across all orders numbers grow with their dates, as in real life.
 */
export class HistoryNumbers {
  private readonly order: number[];
  private readonly numbers = new Map<number, number>();
  private next = 0;

  constructor(private readonly plan: DemoHistoryPlan) {
    this.order = plan.orders.map((_, i) => i).sort((a, b) => at(plan, a) - at(plan, b));
  }

  async before(trx: Trx, instant: Date): Promise<void> {
    let end = this.next;
    while (end < this.order.length && at(this.plan, this.order[end] as number) < instant.getTime()) end++;
    await this.take(trx, end);
  }

  async rest(trx: Trx): Promise<Map<number, number>> {
    await this.take(trx, this.order.length);
    return this.numbers;
  }

  private async take(trx: Trx, end: number) {
    const count = end - this.next;
    if (count <= 0) return;
    const { rows } = await sql<{ n: string | number }>`
      select nextval('order_number_seq')::int8 as n from generate_series(1, ${count}) order by 1`.execute(trx);
    for (const [k, row] of rows.entries()) this.numbers.set(this.order[this.next + k] as number, Number(row.n));
    this.next = end;
  }
}

function at(plan: DemoHistoryPlan, order: number): number {
  return (plan.orders[order] as DemoHistoryPlan['orders'][number]).createdAt.getTime();
}

/**
 * Writes the planned history (demo-history-plan.ts) in a few multi-row statements, inside the demo's transaction.
 * `passwordHash` is one hash of a random secret, shared: the history's customers cannot sign in.
 */
export async function seedDemoHistory(
  trx: Trx,
  plan: DemoHistoryPlan,
  options: { numbers: HistoryNumbers; passwordHash: string; timeZone: string },
): Promise<void> {
  const numbers = await options.numbers.rest(trx);
  const customerIds = await insertIds(
    trx,
    'customers',
    plan.customers.map((c) => ({
      email: c.email,
      password_hash: options.passwordHash,
      name: c.name,
      locale: 'it' as const,
      phone: c.phone,
      created_at: c.createdAt,
    })),
  );
  const cardIds = await insertIds(
    trx,
    'saved_cards',
    plan.customers.map((c, i) => ({
      customer_id: customerIds[i] as number,
      bank_token: c.card.token,
      brand: c.card.brand,
      last4: c.card.last4,
      exp_month: c.card.expMonth,
      exp_year: c.card.expYear,
      holder: c.name.toUpperCase(),
      is_default: true,
      created_at: c.createdAt,
    })),
  );
  const serviceIds = await insertIds(
    trx,
    'subscriptions',
    plan.services.map((s) => ({
      customer_id: customerIds[s.customer] as number,
      product_code: s.productCode,
      label: s.label,
      status: s.status,
      activated_on: s.activatedOn,
      expires_on: s.expiresOn,
      created_at: s.createdAt,
      auto_renew: s.autoRenew,
      auto_renew_card_id: s.autoRenew ? (cardIds[s.customer] as number) : null,
    })),
  );
  const products = new Map(DEMO_PRODUCTS.map((p) => [p.code, p]));
  const amounts = plan.orders.map((o) => {
    const s = plan.services[o.service] as DemoHistoryPlan['services'][number];
    const product = products.get(s.productCode) as (typeof DEMO_PRODUCTS)[number];
    return { s, product, ...discountedLineAmounts(1, product.yearly_price_cents, 0, product.vat_rate_bp) };
  });
  const orderIds = await insertIds(
    trx,
    'orders',
    plan.orders.map((o, i) => {
      const a = amounts[i] as (typeof amounts)[number];
      return {
        number: `ORD-${businessYear(o.createdAt, options.timeZone)}-${String(numbers.get(i)).padStart(6, '0')}`,
        customer_id: customerIds[o.customer] as number,
        subscription_id: serviceIds[o.service] as number,
        kind: o.kind,
        state: o.state,
        currency: 'EUR',
        period_years: 1,
        net_cents: a.netCents,
        vat_cents: a.vatCents,
        total_cents: a.netCents + a.vatCents,
        created_at: o.createdAt,
        paid_at: o.state === 'paid' ? o.settledAt : null,
        cancelled_at: o.state === 'cancelled' ? o.settledAt : null,
      };
    }),
  );
  await trx
    .insertInto('order_lines')
    .values(
      amounts.map((a, i) => ({
        order_id: orderIds[i] as number,
        position: 1,
        product_code: a.product.code,
        description: serviceName(productName(a.product, 'it'), a.s.label, ' — '),
        quantity: 1,
        unit_price_cents: a.product.yearly_price_cents,
        net_cents: a.netCents,
        vat_rate_bp: a.product.vat_rate_bp,
        vat_nature: a.product.vat_nature,
        vat_cents: a.vatCents,
      })),
    )
    .execute();
  await trx
    .insertInto('order_events')
    .values(
      plan.orders.flatMap((o, i) =>
        o.events.map((e) => ({
          order_id: orderIds[i] as number,
          from_state: e.from,
          to_state: e.to,
          reason: `demo: ${e.reason}`,
          at: e.at,
        })),
      ),
    )
    .execute();
  const renewalIds = await insertIds(
    trx,
    'renewals',
    plan.renewals.map((r) => {
      const s = plan.services[r.service] as DemoHistoryPlan['services'][number];
      return {
        subscription_id: serviceIds[r.service] as number,
        customer_id: customerIds[s.customer] as number,
        order_id: orderIds[r.order] as number,
        period_start: r.periodStart,
        status: r.status,
        card_id: cardIds[s.customer] as number,
        charge_count: r.chargeCount,
        first_charged_at: r.firstChargedAt,
        next_charge_at: null,
        last_decline_reason: r.lastDeclineReason,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      };
    }),
  );
  await trx
    .insertInto('renewal_events')
    .values(
      plan.renewals.flatMap((r, i) =>
        r.events.map((e) => ({
          renewal_id: renewalIds[i] as number,
          from_status: e.from,
          to_status: e.to,
          reason: e.reason,
          at: e.at,
        })),
      ),
    )
    .execute();
  const attemptIds = await insertAttempts(trx, plan, { customerIds, cardIds, orderIds, renewalIds, amounts });
  await insertRefunds(trx, plan, { attemptIds, orderIds, amounts });
  await insertEmails(trx, plan, { customerIds, serviceIds, orderIds, numbers, amounts, timeZone: options.timeZone });
}

type Ids = number[];
type Amounts = { s: { label: string; productCode: string }; netCents: number; vatCents: number }[];

async function insertAttempts(
  trx: Trx,
  plan: DemoHistoryPlan,
  ids: { customerIds: Ids; cardIds: Ids; orderIds: Ids; renewalIds: Ids; amounts: Amounts },
): Promise<Ids> {
  const attemptIds = await insertIds(
    trx,
    'payment_attempts',
    plan.attempts.map((a) => {
      const order = plan.orders[a.order] as DemoHistoryPlan['orders'][number];
      const amount = ids.amounts[a.order] as Amounts[number];
      const hosted = a.purpose === 'order_payment';
      return {
        public_id: `pa_${a.key}`,
        purpose: a.purpose,
        order_id: ids.orderIds[a.order] as number,
        customer_id: ids.customerIds[order.customer] as number,
        request_key: hosted ? a.key : null,
        status: a.status,
        amount_cents: amount.netCents + amount.vatCents,
        currency: 'EUR',
        saved_card_id: a.savedCard ? (ids.cardIds[order.customer] as number) : null,
        renewal_id: a.renewal === null ? null : (ids.renewalIds[a.renewal] as number),
        renewal_try: a.renewalTry,
        bank_session_id: hosted ? `ps_${a.key.slice(0, 24)}` : null,
        bank_charge_id: hosted ? null : `ch_${a.key.slice(0, 24)}`,
        card_brand: a.card.brand,
        card_last4: a.card.last4,
        authorization_code: a.status === 'captured' ? a.key.slice(-6).toUpperCase() : null,
        decline_reason: a.declineReason,
        decline_kind: a.declineKind,
        switch_auto_renew: a.switchAutoRenew,
        created_at: a.createdAt,
        updated_at: a.completedAt,
        completed_at: a.completedAt,
      };
    }),
  );
  await trx
    .insertInto('payment_attempt_events')
    .values(
      plan.attempts.flatMap((a, i) =>
        a.events.map((e) => ({
          attempt_id: attemptIds[i] as number,
          from_status: e.from,
          to_status: e.to,
          reason: e.reason,
          at: e.at,
        })),
      ),
    )
    .execute();
  return attemptIds;
}

async function insertRefunds(
  trx: Trx,
  plan: DemoHistoryPlan,
  ids: { attemptIds: Ids; orderIds: Ids; amounts: Amounts },
): Promise<void> {
  if (plan.refunds.length === 0) return;
  await trx
    .insertInto('refunds')
    .values(
      plan.refunds.map((r) => {
        const attempt = plan.attempts[r.attempt] as DemoHistoryPlan['attempts'][number];
        const amount = ids.amounts[attempt.order] as Amounts[number];
        // A whole refund would move the payment to `refunded`: the demo's are partial, the payment stays captured.
        const cents = Math.max(1, Math.min(Math.round((amount.netCents + amount.vatCents) * r.share), amount.netCents));
        return {
          attempt_id: ids.attemptIds[r.attempt] as number,
          order_id: ids.orderIds[attempt.order] as number,
          amount_cents: cents,
          currency: 'EUR',
          reason: 'Rimborso concordato con il cliente',
          status: 'succeeded' as const,
          idempotency_key: `demo-${r.key}`,
          requested_by: 'api:demo',
          bank_refund_id: `re_${r.key}`,
          created_at: r.createdAt,
          completed_at: new Date(r.createdAt.getTime() + 60_000),
        };
      }),
    )
    .execute();
}

async function insertEmails(
  trx: Trx,
  plan: DemoHistoryPlan,
  ids: {
    customerIds: Ids;
    serviceIds: Ids;
    orderIds: Ids;
    numbers: Map<number, number>;
    amounts: Amounts;
    timeZone: string;
  },
): Promise<void> {
  if (plan.emails.length === 0) return;
  const data = (e: PlannedEmail) => {
    const s = plan.services[e.service] as DemoHistoryPlan['services'][number];
    const base = { subscriptionId: ids.serviceIds[e.service], productCode: s.productCode, label: s.label };
    if (e.order === null) return { ...base, expiresOn: e.variant };
    const order = plan.orders[e.order] as DemoHistoryPlan['orders'][number];
    const amount = ids.amounts[e.order] as Amounts[number];
    const card = plan.customers[s.customer]?.card;
    const orderData = {
      ...base,
      orderId: ids.orderIds[e.order],
      orderNumber: `ORD-${businessYear(order.createdAt, ids.timeZone)}-${String(ids.numbers.get(e.order)).padStart(6, '0')}`,
      totalCents: amount.netCents + amount.vatCents,
      currency: 'EUR',
      card: { brand: card?.brand, last4: card?.last4 },
    };
    if (e.template === 'renewal_succeeded') return { ...orderData, newExpiresOn: s.expiresOn };
    const renewal = plan.renewals.find((r) => r.order === e.order);
    return {
      ...orderData,
      declineCode: renewal?.lastDeclineReason ?? 'unknown',
      actionRequired: renewal?.status === 'action_required',
      nextRetryOn: null,
      expiresOn: renewal?.periodStart ?? s.expiresOn,
    };
  };
  const dedupe = (e: PlannedEmail) =>
    e.order === null
      ? `service_expiring:subscription:${ids.serviceIds[e.service]}:${e.variant}`
      : e.template === 'renewal_succeeded'
        ? `renewal_succeeded:order:${ids.orderIds[e.order]}`
        : `renewal_failed:order:${ids.orderIds[e.order]}:${e.variant}`;
  await trx
    .insertInto('email_outbox')
    .values(
      plan.emails.map((e, i) => {
        const customer = plan.customers[e.customer] as DemoHistoryPlan['customers'][number];
        return {
          dedupe_key: dedupe(e),
          message_id: `<demo-history-${i}-${customer.card.token.slice(-12)}@cassa.local>`,
          customer_id: ids.customerIds[e.customer] as number,
          to_address: customer.email,
          locale: 'it' as const,
          template: e.template,
          data: JSON.stringify(data(e)),
          status: e.failed ? ('failed' as const) : ('sent' as const),
          attempts: e.failed ? 5 : 1,
          last_error: e.failed ? '550 5.1.1 mailbox unavailable' : null,
          created_at: e.at,
          sent_at: e.failed ? null : new Date(e.at.getTime() + 20_000),
        };
      }),
    )
    .execute();
}

/** Inserts the rows in one statement and returns their ids in the order given. */
async function insertIds<
  T extends 'customers' | 'saved_cards' | 'subscriptions' | 'orders' | 'renewals' | 'payment_attempts',
>(trx: Trx, table: T, rows: readonly Record<string, unknown>[]): Promise<Ids> {
  if (rows.length === 0) return [];
  // biome-ignore lint/suspicious/noExplicitAny: one helper for six tables; each caller's rows are typed by the table.
  const inserted = await (trx.insertInto(table) as any).values(rows).returning('id').execute();
  return (inserted as { id: number | string }[]).map((r) => Number(r.id));
}
