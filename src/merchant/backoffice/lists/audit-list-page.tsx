import { csvInstant } from '../../../shared/csv.ts';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { AuditFilters, type AuditListRow, listAuditEntries } from './audit-list.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, customerPath, orderPath } from './list-links.tsx';
import { listRoute } from './list-routes.ts';

/** The entry's object, linked to its page: its order's when it has one, else its customer's. */
function AuditObject(props: { row: AuditListRow }): SafeHtml {
  const { row } = props;
  const text = `${row.object_type} ${row.object_id}`;
  if (row.order_number) return <a href={orderPath(row.order_number)}>{text}</a>;
  if (row.customer_id !== null) return <a href={customerPath(row.customer_id)}>{text}</a>;
  return <>{text}</>;
}

/** `/registro`: the audit log, read only (GET, like every list; the database refuses UPDATE and DELETE anyway). */
export const auditList: ListDefinition<AuditFilters, AuditListRow> = {
  path: '/registro',
  csvName: 'registro',
  title: 'bo.lists.audit.title',
  filters: AuditFilters,
  fields: [
    { kind: 'text', name: 'operator', label: 'bo.lists.field.operator', inputMode: 'email' },
    { kind: 'text', name: 'action', label: 'bo.lists.field.action' },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
  ],
  load: listAuditEntries,
  columns: [
    {
      label: 'bo.lists.col.at',
      cell: (row, i18n) => <time datetime={row.at.toISOString()}>{i18n.dateOf(row.at)}</time>,
    },
    { label: 'bo.lists.col.operator', cell: (row) => row.operator_email },
    { label: 'bo.lists.col.action', cell: (row) => <code>{row.action}</code> },
    { label: 'bo.lists.col.object', cell: (row) => <AuditObject row={row} /> },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    { label: 'bo.lists.col.reason', cell: (row) => row.reason },
  ],
  csv: {
    header: [
      'entry',
      'at',
      'operator_email',
      'action',
      'object_type',
      'object_id',
      'customer_id',
      'order_number',
      'reason',
    ],
    record: (row) => [
      row.id,
      csvInstant(row.at),
      row.operator_email,
      row.action,
      row.object_type,
      row.object_id,
      row.customer_id,
      row.order_number,
      row.reason,
    ],
  },
};

export const auditListRoutes = listRoute(auditList);
