import { type Child, NOTHING, type SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import type { I18n, MessageKey } from '../../web/i18n/i18n.ts';
import { DataTable } from '../data-table.tsx';
import { CustomerLink, customerPath, OrderLink } from '../lists/list-links.tsx';
import { OrderStateBadge } from '../lists/orders-list-page.tsx';
import { cardShown, PaymentStatusBadge, purposeLabel } from '../lists/payments-list-page.tsx';
import type { SearchGroups } from './search-backoffice.ts';
import { SEARCH_GROUP_LIMIT } from './search-queries.ts';

interface Column<Row> {
  label: MessageKey;
  cell: (row: Row, i18n: I18n) => Child;
  numeric?: boolean;
}

/** `/cerca?q=`: what the query found, group by group, or "Nessun risultato". */
export function SearchResultsPage(props: { i18n: I18n; query: string; groups: SearchGroups }): SafeHtml {
  const { i18n, groups } = props;
  const t = i18n.t;
  const empty = Object.values(groups).every((rows) => rows.length === 0);
  return (
    <>
      <h1>{t('bo.search.resultsFor', { query: props.query })}</h1>
      {empty ? (
        <div class="notice">
          <p>
            <strong>{t('bo.search.none')}</strong>
          </p>
          <p>{t('bo.search.noneHint')}</p>
        </div>
      ) : (
        <>
          <Group
            i18n={i18n}
            id="customers"
            title="bo.search.group.customers"
            rows={groups.customers}
            columns={[
              { label: 'bo.search.col.name', cell: (row) => <a href={customerPath(row.id)}>{row.name}</a> },
              { label: 'bo.search.col.email', cell: (row) => row.email },
              { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
            ]}
          />
          <Group
            i18n={i18n}
            id="orders"
            title="bo.search.group.orders"
            rows={groups.orders}
            columns={[
              { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.number} /> },
              { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
              {
                label: 'bo.lists.col.customer',
                cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} />,
              },
              { label: 'bo.lists.col.state', cell: (row, i18n) => <OrderStateBadge i18n={i18n} state={row.state} /> },
              { label: 'bo.lists.col.total', cell: (row, i18n) => i18n.money(row.total_cents), numeric: true },
            ]}
          />
          <Group
            i18n={i18n}
            id="services"
            title="bo.search.group.services"
            rows={groups.services}
            columns={[
              { label: 'bo.lists.col.service', cell: (row) => row.label },
              { label: 'bo.lists.col.product', cell: (row) => publicProductCode(row.product_code) },
              {
                label: 'bo.lists.col.customer',
                cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} />,
              },
              { label: 'bo.lists.col.status', cell: (row, i18n) => i18n.t(`subscription.status.${row.status}`) },
              { label: 'bo.lists.col.expires', cell: (row) => row.expires_on ?? '—' },
            ]}
          />
          <Group
            i18n={i18n}
            id="payments"
            title="bo.search.group.payments"
            rows={groups.payments}
            columns={[
              { label: 'bo.lists.col.payment', cell: (row) => <code>{row.public_id}</code> },
              { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
              { label: 'bo.lists.col.order', cell: (row) => <OrderLink number={row.order_number} /> },
              {
                label: 'bo.lists.col.customer',
                cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} />,
              },
              { label: 'bo.lists.col.purpose', cell: (row, i18n) => i18n.t(purposeLabel(row.purpose)) },
              {
                label: 'bo.lists.col.status',
                cell: (row, i18n) => <PaymentStatusBadge i18n={i18n} status={row.status} />,
              },
              { label: 'bo.lists.col.card', cell: cardShown },
              { label: 'bo.lists.col.amount', cell: (row, i18n) => i18n.money(row.amount_cents), numeric: true },
            ]}
          />
        </>
      )}
    </>
  );
}

/** One group's table; nothing when it found nothing. */
function Group<Row>(props: {
  i18n: I18n;
  id: string;
  title: MessageKey;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
}): SafeHtml {
  const { i18n } = props;
  if (props.rows.length === 0) return NOTHING;
  const headingId = `search-${props.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{i18n.t(props.title)}</h2>
      {props.rows.length >= SEARCH_GROUP_LIMIT && (
        <p class="notice">{i18n.t('bo.search.group.capped', { count: SEARCH_GROUP_LIMIT })}</p>
      )}
      {/* Scrolls by itself on a phone: a focusable region, so the keyboard can scroll it too. */}
      <DataTable
        labelledBy={headingId}
        caption={i18n.t('bo.search.group.count', { count: props.rows.length })}
        head={props.columns.map((column) =>
          column.numeric ? { label: i18n.t(column.label), numeric: true as const } : i18n.t(column.label),
        )}
      >
        {props.rows.map((row) => (
          <tr>
            {props.columns.map((column) => (
              <td class={column.numeric ? 'num' : undefined}>{column.cell(row, i18n)}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** A query the search cannot run (too short, too long): what is wrong, with the box above to try again. */
export function SearchRefusedPage(props: { i18n: I18n; message: string }): SafeHtml {
  return (
    <>
      <h1>{props.i18n.t('bo.search.title')}</h1>
      <div class="alert" role="alert">
        <p>{props.message}</p>
      </div>
    </>
  );
}
