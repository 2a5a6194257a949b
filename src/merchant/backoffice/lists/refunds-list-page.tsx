import type { RefundStatus } from '../../../db/schema.ts';
import { csvAmount, csvInstant } from '../../../shared/csv.ts';
import { publicId } from '../../public/public-ids.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, OrderLink, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';
import { listRefunds, REFUND_STATUSES, RefundFilters, type RefundListRow } from './refunds-list.ts';

const STATUS_TONE = { pending: 'wait', succeeded: 'ok', failed: 'warn' } as const satisfies Record<
  RefundStatus,
  string
>;
const statusLabel = (status: RefundStatus) => `bo.lists.refundStatus.${status}` as const;

export const refundsList: ListDefinition<RefundFilters, RefundListRow> = {
  path: '/rimborsi',
  csvName: 'rimborsi',
  title: 'bo.lists.refunds.title',
  filters: RefundFilters,
  fields: [
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: REFUND_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
  ],
  load: listRefunds,
  columns: [
    { label: 'bo.lists.col.refund', cell: (row) => <code>{publicId('refund', row.id)}</code> },
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.order_number} /> },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) => <StatusBadge tone={STATUS_TONE[row.status]} label={i18n.t(statusLabel(row.status))} />,
    },
    {
      label: 'bo.lists.col.reason',
      cell: (row) => (row.failure_reason ? `${row.reason} (${row.failure_reason})` : row.reason),
    },
    { label: 'bo.lists.col.requestedBy', cell: (row) => row.requested_by },
    { label: 'bo.lists.col.amount', cell: (row, i18n) => i18n.money(row.amount_cents), numeric: true },
  ],
  csv: {
    header: [
      'refund',
      'created_at',
      'completed_at',
      'order_number',
      'payment',
      'customer_id',
      'customer_name',
      'status',
      'reason',
      'failure_reason',
      'requested_by',
      'amount',
      'currency',
    ],
    record: (row) => [
      publicId('refund', row.id),
      csvInstant(row.created_at),
      csvInstant(row.completed_at),
      row.order_number,
      row.payment_public_id,
      row.customer_id,
      row.customer_name,
      row.status,
      row.reason,
      row.failure_reason,
      row.requested_by,
      csvAmount(row.amount_cents),
      row.currency,
    ],
  },
};

export const refundsListRoutes = listRoute(refundsList);
