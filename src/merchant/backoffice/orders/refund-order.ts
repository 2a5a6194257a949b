import type { Order, PaymentAttempt } from '../../../db/schema.ts';
import { formatEuroInput, parseEuroAmount } from '../../../shared/money.ts';
import { requestRefund } from '../../refunds/request-refund.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { defineAction } from '../actions/action-definition.ts';
import { ActionField } from '../actions/action-views.tsx';
import { backofficePaymentDeps } from '../backoffice-deps.ts';
import { orderPath } from '../lists/list-links.tsx';

export const AMOUNT_FIELD = 'importo';

interface Target {
  order: Pick<Order, 'id' | 'number' | 'customer_id'>;
  customerEmail: string;
  /** The order's taken payment (a hand payment or a renewal charge), if it has one. */
  payment: Pick<PaymentAttempt, 'id' | 'public_id' | 'status' | 'amount_cents' | 'card_brand' | 'card_last4'> | null;
  refundableCents: number;
}

const card = (payment: NonNullable<Target['payment']>) =>
  payment.card_last4 ? `${payment.card_brand ?? ''} ···· ${payment.card_last4}`.trim() : payment.public_id;

const invalidAmount = (target: Target, i18n: I18n) =>
  ({
    ok: false,
    status: 400,
    field: AMOUNT_FIELD,
    message: i18n.t('bo.refund.invalidAmount', { max: i18n.money(target.refundableCents) }),
  }) as const;

/**
 * "Rimborsa" (admin): all or part of an order's taken payment, through the one refund use case the API calls
 * (requestRefund), with the confirmation form's key as its idempotency key — the same form sent twice is the same
 * refund, at the bank too. The amount is typed in euros (`10,00`); never more than what is left, which the database
 * enforces as well. A refund the bank refused is audited like one it made (the operator did act) and said so.
 */
export const refundOrder = defineAction<Target>({
  path: '/ordini/:number/rimborso',
  action: 'refund',
  async load(deps, params) {
    const number = params.number ?? '';
    const order = await deps.db
      .selectFrom('orders as o')
      .innerJoin('customers as c', 'c.id', 'o.customer_id')
      .select(['o.id', 'o.number', 'o.customer_id', 'c.email'])
      .where('o.number', '=', number)
      .executeTakeFirst();
    if (!order) return null;
    const payment = await deps.db
      .selectFrom('payment_attempts')
      .select(['id', 'public_id', 'status', 'amount_cents', 'card_brand', 'card_last4', 'refund_held_cents'])
      .where('order_id', '=', order.id)
      .where('status', 'in', ['captured', 'refunded'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return {
      order: { id: order.id, number: order.number, customer_id: order.customer_id },
      customerEmail: order.email,
      payment: payment ?? null,
      refundableCents: payment?.status === 'captured' ? payment.amount_cents - payment.refund_held_cents : 0,
    };
  },
  unavailable: (target, { t }) =>
    target.payment === null
      ? t('bo.refund.notRefundable')
      : target.refundableCents === 0
        ? t('bo.refund.nothingLeft')
        : null,
  title: ({ order }, { t }) => t('bo.refund.title', { number: order.number }),
  consequences: (target, i18n) => {
    const payment = target.payment as NonNullable<Target['payment']>;
    return [
      i18n.t('bo.refund.bank', { card: card(payment), payment: payment.public_id }),
      i18n.t('bo.refund.customer', { email: target.customerEmail }),
      i18n.t('bo.refund.whole', { max: i18n.money(target.refundableCents) }),
    ];
  },
  fields: (target, i18n, values, refusal) =>
    ActionField({
      id: 'refund-amount',
      name: AMOUNT_FIELD,
      label: i18n.t('bo.refund.amount'),
      value: values[AMOUNT_FIELD] ?? formatEuroInput(target.refundableCents, i18n.locale),
      hint: i18n.t('bo.refund.amountHint', { max: i18n.money(target.refundableCents) }),
      inputmode: 'decimal',
      maxlength: 20,
      refusal,
    }),
  submitLabel: ({ t }) => t('bo.refund.submit'),
  returnTo: ({ order }) => orderPath(order.number),
  async perform({ deps, target, operator, reason, form, requestKey, request }) {
    const { i18n } = request;
    const payment = target.payment as NonNullable<Target['payment']>;
    const amountCents = parseEuroAmount(form[AMOUNT_FIELD] ?? '');
    if (amountCents === null || amountCents < 1) return invalidAmount(target, i18n);
    const result = await requestRefund(backofficePaymentDeps(deps), {
      paymentPublicId: payment.public_id,
      amountCents,
      reason,
      idempotencyKey: requestKey,
      requestedBy: `operator:${operator.id}`,
    });
    if (!result.ok) {
      if (result.reason === 'exceeds_refundable') {
        const max = i18n.money(result.refundableCents ?? 0);
        return { ok: false, status: 400, field: AMOUNT_FIELD, message: i18n.t('bo.refund.exceeds', { max }) };
      }
      if (result.reason === 'invalid_amount') return invalidAmount(target, i18n);
      // not_found / not_captured: the payment changed since the page was shown.
      return { ok: false, status: 409, message: i18n.t('bo.refund.notRefundable') };
    }
    const { refund } = result;
    return {
      ok: true,
      audit: {
        objectType: 'refund',
        objectId: refund.id,
        customerId: target.order.customer_id,
        orderId: target.order.id,
        before: { payment: payment.public_id, refundableCents: target.refundableCents },
        after: {
          payment: payment.public_id,
          amountCents: refund.amount_cents,
          status: refund.status,
          failureReason: refund.failure_reason,
        },
      },
      ...(refund.status === 'failed'
        ? { notice: 'refund_failed' as const }
        : refund.status === 'pending'
          ? { notice: 'refund_pending' as const }
          : {}),
    };
  },
});
