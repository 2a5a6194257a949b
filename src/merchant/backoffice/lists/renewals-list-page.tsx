import type { RenewalStatus } from '../../../db/schema.ts';
import { csvInstant } from '../../../shared/csv.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, OrderLink, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';
import { loadRenewalList, RENEWAL_STATUSES, RenewalFilters, type RenewalListRow } from './renewals-list.ts';

const STATUS_TONE = {
  scheduled: 'wait',
  retry_scheduled: 'wait',
  succeeded: 'ok',
  failed: 'warn',
  action_required: 'warn',
  closed: 'off',
} as const satisfies Record<RenewalStatus, string>;
const statusLabel = (status: RenewalStatus) => `bo.lists.renewalStatus.${status}` as const;

export const renewalsList: ListDefinition<RenewalFilters, RenewalListRow> = {
  path: '/rinnovi',
  csvName: 'rinnovi',
  title: 'bo.lists.renewals.title',
  filters: RenewalFilters,
  fields: [
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: RENEWAL_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
    {
      kind: 'select',
      name: 'due_within',
      label: 'bo.lists.field.dueWithin',
      options: [
        { value: '7', label: 'bo.lists.days7' },
        { value: '30', label: 'bo.lists.days30' },
      ],
    },
    {
      kind: 'select',
      name: 'lapsing',
      label: 'bo.lists.field.lapsing',
      options: [{ value: '30', label: 'bo.lists.days30' }],
    },
  ],
  load: loadRenewalList,
  columns: [
    { label: 'bo.lists.col.service', cell: (row) => `${publicProductCode(row.product_code)} · ${row.service_label}` },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    { label: 'bo.lists.col.expires', cell: (row, i18n) => i18n.date(row.expires_on) },
    {
      label: 'bo.lists.col.autoRenew',
      cell: (row, i18n) => i18n.t(row.auto_renew ? 'bo.lists.autoRenew.on' : 'bo.lists.autoRenew.off'),
    },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) =>
        row.status ? (
          <StatusBadge tone={STATUS_TONE[row.status]} label={i18n.t(statusLabel(row.status))} />
        ) : (
          i18n.t('bo.lists.renewalNotOpened')
        ),
    },
    { label: 'bo.lists.col.charges', cell: (row) => row.charge_count ?? '—', numeric: true },
    { label: 'bo.lists.col.decline', cell: (row) => row.last_decline_reason ?? '—' },
    { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.order_number} /> },
  ],
  csv: {
    header: [
      'service',
      'product',
      'label',
      'customer_id',
      'customer_name',
      'expires_on',
      'auto_renew',
      'renewal_status',
      'charge_count',
      'next_charge_at',
      'last_decline_reason',
      'order_number',
      'renewal_created_at',
    ],
    record: (row) => [
      row.subscription_id,
      publicProductCode(row.product_code),
      row.service_label,
      row.customer_id,
      row.customer_name,
      row.expires_on,
      row.auto_renew ? 'true' : 'false',
      row.status,
      row.charge_count,
      csvInstant(row.next_charge_at),
      row.last_decline_reason,
      row.order_number,
      csvInstant(row.created_at),
    ],
  },
};

export const renewalsListRoutes = listRoute(renewalsList);
