import type { WebhookDeliveryStatus } from '../../../db/schema.ts';
import { csvInstant } from '../../../shared/csv.ts';
import { publicId } from '../../public/public-ids.ts';
import type { ListDefinition } from './list-definition.ts';
import { StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';
import { DELIVERY_STATUSES, DeliveryFilters, type DeliveryListRow, listDeliveries } from './webhook-deliveries-list.ts';

const STATUS_TONE = { pending: 'wait', delivered: 'ok', failed: 'warn' } as const satisfies Record<
  WebhookDeliveryStatus,
  string
>;
const statusLabel = (status: WebhookDeliveryStatus) => `bo.lists.deliveryStatus.${status}` as const;

export const deliveriesList: ListDefinition<DeliveryFilters, DeliveryListRow> = {
  path: '/consegne-webhook',
  csvName: 'consegne-webhook',
  title: 'bo.lists.deliveries.title',
  filters: DeliveryFilters,
  fields: [
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: DELIVERY_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
  ],
  load: listDeliveries,
  columns: [
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.event', cell: (row) => <code>{row.event_type}</code> },
    { label: 'bo.lists.col.object', cell: (row) => <code>{row.object_id}</code> },
    { label: 'bo.lists.col.endpoint', cell: (row) => row.endpoint_url },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) => <StatusBadge tone={STATUS_TONE[row.status]} label={i18n.t(statusLabel(row.status))} />,
    },
    { label: 'bo.lists.col.attempts', cell: (row) => row.attempts, numeric: true },
    { label: 'bo.lists.col.response', cell: (row) => row.last_response_status ?? row.last_error ?? '—' },
  ],
  csv: {
    header: [
      'delivery',
      'created_at',
      'event_id',
      'event_type',
      'object_id',
      'endpoint_url',
      'status',
      'attempts',
      'last_response_status',
      'last_error',
      'delivered_at',
    ],
    record: (row) => [
      publicId('webhookDelivery', row.id),
      csvInstant(row.created_at),
      row.event_id,
      row.event_type,
      row.object_id,
      row.endpoint_url,
      row.status,
      row.attempts,
      row.last_response_status,
      row.last_error,
      csvInstant(row.delivered_at),
    ],
  },
};

export const deliveriesListRoutes = listRoute(deliveriesList);
