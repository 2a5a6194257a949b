import type { Transaction } from 'kysely';
import type { MerchantDatabase, Order, OrderLine, PaymentAttempt } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { lineAmounts } from '../../shared/money.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordOrderEvent, recordServiceEvent } from '../events/resource-events.ts';
import { fiscalDataOfRow } from '../invoices/billing-profile-repository.ts';
import type { ProviderFiscalData } from '../invoices/invoice-document.ts';
import { type InvoiceOfPayment, issueInvoice } from '../invoices/issue-invoice.ts';
import { closeRenewalOfPaidOrder } from '../renewals/close-renewal.ts';
import {
  extendSubscription,
  lockSubscriptionWithProduct,
  switchAutoRenewOn,
} from '../subscriptions/subscription-updates.ts';
import { transitionOrder } from './order-repository.ts';

type Trx = Transaction<MerchantDatabase>;

/**
 * The lock order every path that changes an order's money follows, so that no two of them can wait on each other:
 *
 *   order → payment attempt → renewal → subscription → saved card → fiscal counter
 *
 * Each path locks the order row first (`SELECT … FOR UPDATE`), which serializes everything that can pay, cancel or
 * charge that order; the rest are locked, when needed, in this order. `markOrderPaid` expects the order and the
 * attempt to be locked by its caller and locks the rest itself. The fiscal counter (the invoice's or the credit
 * note's number, src/merchant/invoices/fiscal-document-repository.ts) is shared by every payment, so it is taken
 * last, as late in the transaction as can be: it is held until commit.
 */
export const LOCK_ORDER = [
  'order',
  'payment attempt',
  'renewal',
  'subscription',
  'saved card',
  'fiscal counter',
] as const;

export interface OrderPayment {
  /** The order, locked by the caller in this transaction, still awaiting payment. */
  order: Order;
  /** The attempt that paid it (locked by the caller), already moved to `authorized` or `captured`. */
  attempt: PaymentAttempt;
  /** How it was paid: by the customer (Pagamenti) or by an automatic renewal charge. */
  channel: 'customer' | 'renewal';
  /** The card as the customer will read it on the confirmation. */
  card: { brand: string; last4: string };
  at: Date;
  /** Days before expiry that automatic renewal charges: the date told in the activation email. */
  renewalLeadDays: number;
  /** The business time zone: the day `at` falls on there is the day the service is extended from. */
  timeZone: string;
  /** Who issues the order's invoice (config.invoices.provider). */
  fiscalProvider: ProviderFiscalData;
}

export type MarkPaidResult =
  | { ok: true; newExpiresOn: string; autoRenewSwitchedOn: boolean }
  | { ok: false; reason: 'not_awaiting_payment' };

/**
 * "Order paid", in one place for every path (a customer's card payment, a renewal charge): the order's state, the
 * service extended by the order's period, automatic renewal switched on where the signed-in customer paid an eligible
 * product with a saved card and chose it, a renewal that owned the order closed, and the follow-ups written as outbox rows and jobs in
 * this same transaction — so they exist if and only if the order is paid, with the `order.paid` event (and
 * `renewal.succeeded` for a renewal charge) — and the order's fattura, numbered in this transaction too.
 */
export async function markOrderPaid(trx: Trx, payment: OrderPayment): Promise<MarkPaidResult> {
  const applied = await applyOrderPaid(trx, payment);
  if (!applied.ok) return applied;
  const { invoice, paid, ...result } = applied;
  // After every effect, so the events carry the service extended and automatic renewal as it now is. The order is
  // the row its move to `paid` returned and its lines those read for the invoice, under the order's lock: the
  // events' snapshot reads only the order's attempts and refunds again.
  const { order, at } = payment;
  if (payment.channel === 'renewal') {
    await recordServiceEvent(trx, 'renewal.succeeded', order.subscription_id, at, { order: paid });
  }
  await recordOrderEvent(trx, 'order.paid', paid, at);
  // Last: the series' counter row stays locked until commit, and every payment waits on it (LOCK_ORDER).
  await issueInvoice(trx, invoice);
  return result;
}

type Applied =
  | (MarkPaidResult & { ok: true } & { invoice: InvoiceOfPayment; paid: { order: Order; lines: OrderLine[] } })
  | (MarkPaidResult & { ok: false });

async function applyOrderPaid(trx: Trx, payment: OrderPayment): Promise<Applied> {
  const { order, attempt, at } = payment;
  const paid = await transitionOrder(trx, {
    orderId: order.id,
    from: 'awaiting_payment',
    to: 'paid',
    reason:
      payment.channel === 'renewal'
        ? `automatic renewal charge (${attempt.public_id})`
        : `paid by card (${attempt.public_id})`,
    at,
  });
  if (!paid.ok) return { ok: false, reason: 'not_awaiting_payment' };
  // A renewal order paid by the customer by hand: its renewal has nothing more to charge.
  if (payment.channel === 'customer') await closeRenewalOfPaidOrder(trx, order.id, attempt.public_id, at);

  const { subscription, product } = await lockSubscriptionWithProduct(trx, order.subscription_id);
  const extended = await extendSubscription(trx, subscription, order.period_years, businessDate(at, payment.timeZone));
  const customer = await readCustomerWithBilling(trx, order.customer_id);
  const recipient = { customerId: customer.id, to: customer.email, locale: customer.locale, at };
  const lines = await trx
    .selectFrom('order_lines')
    .selectAll()
    .where('order_id', '=', order.id)
    .orderBy('position')
    .execute();
  const paidOrder = { order: paid.order, lines };
  const invoice: InvoiceOfPayment = {
    provider: payment.fiscalProvider,
    order,
    lines,
    customer,
    payment: { amountCents: attempt.amount_cents, at, card: payment.card },
    timeZone: payment.timeZone,
  };
  // Whichever of the three endings below is taken, the caller gets the same facts; only the switch differs.
  const paidResult = (autoRenewSwitchedOn: boolean) =>
    ({ ok: true, newExpiresOn: extended.expires_on as string, autoRenewSwitchedOn, invoice, paid: paidOrder }) as const;

  if (payment.channel === 'renewal') {
    await enqueueEmail(trx, {
      ...recipient,
      dedupeKey: `renewal_succeeded:order:${order.id}`,
      template: 'renewal_succeeded',
      data: {
        subscriptionId: subscription.id,
        productCode: product.code,
        label: subscription.label,
        orderId: order.id,
        orderNumber: order.number,
        totalCents: order.total_cents,
        currency: order.currency,
        card: payment.card,
        newExpiresOn: extended.expires_on as string,
      },
    });
    return paidResult(false);
  }

  await enqueueEmail(trx, {
    ...recipient,
    dedupeKey: `payment_confirmation:order:${order.id}`,
    template: 'payment_confirmation',
    data: {
      orderId: order.id,
      orderNumber: order.number,
      lines: lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        netCents: l.net_cents,
        vatCents: l.vat_cents,
      })),
      netCents: order.net_cents,
      vatCents: order.vat_cents,
      totalCents: order.total_cents,
      currency: order.currency,
      card: payment.card,
      paidAt: at.toISOString(),
    },
  });

  // SPEC §4: paying by hand switches automatic renewal on when it is off and the customer left the card page's
  // checkbox ticked; it never moves it to another card. A guest's payment (no login) never switches it on.
  const cardId = attempt.saved_card_id;
  const chosen = attempt.payer === 'customer' && attempt.switch_auto_renew;
  if (!product.auto_renew_available || cardId === null || subscription.auto_renew || !chosen) {
    return paidResult(false);
  }
  const renewalCard = await findSavedCardById(trx, cardId);
  await switchAutoRenewOn(trx, subscription.id, cardId, at);
  const renewal = lineAmounts(extended.renewal_period_years, product.yearly_price_cents, product.vat_rate_bp);
  await enqueueEmail(trx, {
    ...recipient,
    dedupeKey: `auto_renew_activated:subscription:${subscription.id}:order:${order.id}`,
    template: 'auto_renew_activated',
    data: {
      subscriptionId: subscription.id,
      productCode: product.code,
      label: subscription.label,
      card: { brand: renewalCard?.brand ?? payment.card.brand, last4: renewalCard?.last4 ?? payment.card.last4 },
      nextRenewalDate: addDays(extended.expires_on as string, -payment.renewalLeadDays),
      amountCents: renewal.totalCents,
      currency: order.currency,
    },
  });
  return paidResult(true);
}

/** The customer with their "Dati di fatturazione", if any, in one statement: the invoice and the emails need both. */
async function readCustomerWithBilling(trx: Trx, customerId: number) {
  const row = await trx
    .selectFrom('customers')
    .leftJoin('customer_billing_profiles as b', 'b.customer_id', 'customers.id')
    .select(['customers.id', 'customers.email', 'customers.locale', 'customers.name'])
    .select([
      'b.kind',
      'b.first_name',
      'b.last_name',
      'b.name as billing_name',
      'b.tax_code',
      'b.vat_number',
      'b.office_code',
      'b.recipient_code',
      'b.pec',
      'b.street',
      'b.postal_code',
      'b.city',
      'b.province',
      'b.country',
    ])
    .where('customers.id', '=', customerId)
    .executeTakeFirstOrThrow();
  const { kind, street, postal_code, city, country, billing_name } = row;
  const fiscal =
    kind && street !== null && postal_code !== null && city !== null && country !== null
      ? fiscalDataOfRow({ ...row, kind, street, postal_code, city, country, name: billing_name })
      : undefined;
  return { id: row.id, email: row.email, locale: row.locale, name: row.name, fiscal };
}
