import type { OrderKind, OrderState } from '../../../db/schema.ts';
import { csvAmount, csvInstant } from '../../../shared/csv.ts';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import type { FilterOption, ListContext, ListDefinition } from './list-definition.ts';
import { CustomerLink, OrderLink, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';
import { listOrders, ORDER_KINDS, ORDER_STATES, OrderFilters, type OrderListRow } from './orders-list.ts';

const STATE_TONE = { awaiting_payment: 'wait', paid: 'ok', cancelled: 'off' } as const satisfies Record<
  OrderState,
  string
>;

/** The Area's own words for an order's state ("Attesa pagamento", "Pagato", "Annullato"). */
export function OrderStateBadge(props: { i18n: I18n; state: OrderState }): SafeHtml {
  return <StatusBadge tone={STATE_TONE[props.state]} label={props.i18n.t(`order.state.${props.state}`)} />;
}

const kindLabel = (kind: OrderKind) => `bo.lists.orderKind.${kind}` as const;

/** The catalogue's products as the API names them (`PEC`), for the product filter. */
export async function productOptions({ db }: ListContext): Promise<FilterOption[]> {
  const products = await db.selectFrom('products').select(['code', 'name_it']).orderBy('code').execute();
  return products.map((p) => ({
    value: publicProductCode(p.code),
    label: { text: `${publicProductCode(p.code)} · ${p.name_it}` },
  }));
}

export const ordersList: ListDefinition<OrderFilters, OrderListRow> = {
  path: '/ordini',
  csvName: 'ordini',
  title: 'bo.lists.orders.title',
  filters: OrderFilters,
  fields: [
    {
      kind: 'select',
      name: 'state',
      label: 'bo.lists.field.state',
      options: ORDER_STATES.map((state) => ({ value: state, label: `order.state.${state}` as const })),
    },
    {
      kind: 'select',
      name: 'kind',
      label: 'bo.lists.field.kind',
      options: ORDER_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) })),
    },
    { kind: 'select', name: 'product', label: 'bo.lists.field.product', options: productOptions },
    { kind: 'text', name: 'customer', label: 'bo.lists.field.customerId', inputMode: 'numeric' },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
  ],
  load: listOrders,
  columns: [
    { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.number} /> },
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    { label: 'bo.lists.col.product', cell: (row) => `${publicProductCode(row.product_code)} · ${row.service_label}` },
    { label: 'bo.lists.col.kind', cell: (row, i18n) => i18n.t(kindLabel(row.kind)) },
    { label: 'bo.lists.col.state', cell: (row, i18n) => <OrderStateBadge i18n={i18n} state={row.state} /> },
    { label: 'bo.lists.col.total', cell: (row, i18n) => i18n.money(row.total_cents), numeric: true },
  ],
  csv: {
    header: [
      'number',
      'created_at',
      'customer_id',
      'customer_name',
      'customer_email',
      'product',
      'service',
      'kind',
      'state',
      'total',
      'currency',
    ],
    record: (row) => [
      row.number,
      csvInstant(row.created_at),
      row.customer_id,
      row.customer_name,
      row.customer_email,
      publicProductCode(row.product_code),
      row.service_label,
      row.kind,
      row.state,
      csvAmount(row.total_cents),
      row.currency,
    ],
  },
};

export const ordersListRoutes = listRoute(ordersList);
