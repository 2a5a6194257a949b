import type { PaymentAttemptStatus, PaymentPurpose } from '../../../db/schema.ts';
import { csvAmount, csvInstant } from '../../../shared/csv.ts';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { DECLINE_REASONS } from '../../gateway/payment-gateway.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, OrderLink, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';
import {
  ATTEMPT_STATUSES,
  listPayments,
  PAYMENT_PURPOSES,
  PaymentFilters,
  type PaymentListRow,
} from './payments-list.ts';

const STATUS_TONE = {
  created: 'wait',
  redirected: 'wait',
  authenticating: 'wait',
  authorized: 'wait',
  void_pending: 'wait',
  captured: 'ok',
  voided: 'off',
  refund_pending: 'wait',
  refunded: 'off',
  declined: 'warn',
  failed: 'warn',
  abandoned: 'off',
  cancelled: 'off',
  needs_attention: 'warn',
} as const satisfies Record<PaymentAttemptStatus, string>;

const statusLabel = (status: PaymentAttemptStatus) => `bo.lists.attemptStatus.${status}` as const;
/** What an attempt was for ("Pagamento ordine", "Addebito rinnovo", "Verifica carta"). */
export const purposeLabel = (purpose: PaymentPurpose) => `bo.lists.purpose.${purpose}` as const;

/** The card an attempt was paid with, as far as the bank told ("visa ···· 4242"). */
export function cardShown(row: { card_brand: string | null; card_last4: string | null }): string {
  return row.card_last4 ? `${row.card_brand ?? ''} ···· ${row.card_last4}` : '—';
}

/** An attempt's status as a badge of its tone ("Incassato", "Rifiutato", …). */
export function PaymentStatusBadge(props: { i18n: I18n; status: PaymentAttemptStatus }): SafeHtml {
  return <StatusBadge tone={STATUS_TONE[props.status]} label={props.i18n.t(statusLabel(props.status))} />;
}

export const paymentsList: ListDefinition<PaymentFilters, PaymentListRow> = {
  path: '/pagamenti',
  csvName: 'pagamenti',
  title: 'bo.lists.payments.title',
  filters: PaymentFilters,
  fields: [
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: ATTEMPT_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
    {
      kind: 'select',
      name: 'purpose',
      label: 'bo.lists.field.purpose',
      options: PAYMENT_PURPOSES.map((purpose) => ({ value: purpose, label: purposeLabel(purpose) })),
    },
    {
      kind: 'select',
      name: 'decline',
      label: 'bo.lists.field.decline',
      options: DECLINE_REASONS.map((reason) => ({ value: reason, label: { text: reason } })),
    },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
  ],
  load: listPayments,
  columns: [
    { label: 'bo.lists.col.payment', cell: (row) => <code>{row.public_id}</code> },
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.order_number} /> },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    { label: 'bo.lists.col.purpose', cell: (row, i18n) => i18n.t(purposeLabel(row.purpose)) },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) => <PaymentStatusBadge i18n={i18n} status={row.status} />,
    },
    { label: 'bo.lists.col.decline', cell: (row) => row.decline_reason ?? '—' },
    {
      label: 'bo.lists.col.card',
      cell: cardShown,
    },
    { label: 'bo.lists.col.amount', cell: (row, i18n) => i18n.money(row.amount_cents), numeric: true },
  ],
  csv: {
    header: [
      'payment',
      'created_at',
      'order_number',
      'customer_id',
      'customer_name',
      'purpose',
      'status',
      'decline_reason',
      'card_brand',
      'card_last4',
      'amount',
      'currency',
    ],
    record: (row) => [
      row.public_id,
      csvInstant(row.created_at),
      row.order_number,
      row.customer_id,
      row.customer_name,
      row.purpose,
      row.status,
      row.decline_reason,
      row.card_brand,
      row.card_last4,
      csvAmount(row.amount_cents),
      row.currency,
    ],
  },
};

export const paymentsListRoutes = listRoute(paymentsList);
