import type { EmailStatus } from '../../../db/schema.ts';
import { csvInstant } from '../../../shared/csv.ts';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { EmailFilters, type EmailListRow, listEmails, SHOWN_EMAIL_STATUSES } from './emails-list.ts';
import type { ListDefinition } from './list-definition.ts';
import { CustomerLink, emailPath, StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';

const STATUS_TONE = { pending: 'wait', sent: 'ok', failed: 'warn' } as const satisfies Record<EmailStatus, string>;
const statusLabel = (status: EmailStatus) => `bo.lists.emailStatus.${status}` as const;

/** An outbox row's status ("Da inviare", "Inviata", "Non consegnata") as a badge of its tone. */
export function EmailStatusBadge(props: { i18n: I18n; status: EmailStatus }): SafeHtml {
  return <StatusBadge tone={STATUS_TONE[props.status]} label={props.i18n.t(statusLabel(props.status))} />;
}

export const emailsList: ListDefinition<EmailFilters, EmailListRow> = {
  path: '/email-fallite',
  csvName: 'email-fallite',
  title: 'bo.lists.emails.title',
  filters: EmailFilters,
  fields: [
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: SHOWN_EMAIL_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
    { kind: 'date', name: 'from', label: 'bo.lists.field.from' },
    { kind: 'date', name: 'to', label: 'bo.lists.field.to' },
  ],
  load: listEmails,
  columns: [
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.recipient', cell: (row) => row.to_address },
    { label: 'bo.lists.col.customer', cell: (row) => <CustomerLink id={row.customer_id} name={row.customer_name} /> },
    {
      label: 'bo.lists.col.template',
      cell: (row) => (
        <a href={emailPath(Number(row.id))}>
          <code>{row.template}</code>
        </a>
      ),
    },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) => <EmailStatusBadge i18n={i18n} status={row.status} />,
    },
    { label: 'bo.lists.col.attempts', cell: (row) => row.attempts, numeric: true },
    { label: 'bo.lists.col.lastError', cell: (row) => row.last_error ?? '—' },
  ],
  csv: {
    header: [
      'email',
      'created_at',
      'to',
      'customer_id',
      'customer_name',
      'template',
      'status',
      'attempts',
      'last_error',
    ],
    record: (row) => [
      row.id,
      csvInstant(row.created_at),
      row.to_address,
      row.customer_id,
      row.customer_name,
      row.template,
      row.status,
      row.attempts,
      row.last_error,
    ],
  },
};

export const emailsListRoutes = listRoute(emailsList);
