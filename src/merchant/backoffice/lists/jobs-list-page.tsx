import type { JobStatus } from '../../../db/schema.ts';
import { csvInstant } from '../../../shared/csv.ts';
import { JOB_STATUSES, JobFilters, type JobListRow, listJobs } from './jobs-list.ts';
import type { ListDefinition } from './list-definition.ts';
import { StatusBadge } from './list-links.tsx';
import { listRoute } from './list-routes.ts';

const STATUS_TONE = { queued: 'wait', running: 'wait', done: 'ok', failed: 'warn' } as const satisfies Record<
  JobStatus,
  string
>;
const statusLabel = (status: JobStatus) => `bo.lists.jobStatus.${status}` as const;

export const jobsList: ListDefinition<JobFilters, JobListRow> = {
  path: '/lavori',
  csvName: 'lavori',
  title: 'bo.lists.jobs.title',
  filters: JobFilters,
  fields: [
    { kind: 'text', name: 'queue', label: 'bo.lists.field.queue' },
    {
      kind: 'select',
      name: 'status',
      label: 'bo.lists.field.status',
      options: JOB_STATUSES.map((status) => ({ value: status, label: statusLabel(status) })),
    },
  ],
  load: listJobs,
  columns: [
    { label: 'bo.lists.col.created', cell: (row, i18n) => i18n.dateOf(row.created_at) },
    { label: 'bo.lists.col.queue', cell: (row) => <code>{row.queue}</code> },
    {
      label: 'bo.lists.col.status',
      cell: (row, i18n) => <StatusBadge tone={STATUS_TONE[row.status]} label={i18n.t(statusLabel(row.status))} />,
    },
    { label: 'bo.lists.col.attempts', cell: (row) => `${row.attempts}/${row.max_attempts}`, numeric: true },
    { label: 'bo.lists.col.runAt', cell: (row, i18n) => i18n.dateOf(row.run_at) },
    { label: 'bo.lists.col.lastError', cell: (row) => row.last_error ?? '—' },
  ],
  csv: {
    header: ['job', 'created_at', 'queue', 'status', 'run_at', 'attempts', 'max_attempts', 'finished_at', 'last_error'],
    record: (row) => [
      row.id,
      csvInstant(row.created_at),
      row.queue,
      row.status,
      csvInstant(row.run_at),
      row.attempts,
      row.max_attempts,
      csvInstant(row.finished_at),
      row.last_error,
    ],
  },
};

export const jobsListRoutes = listRoute(jobsList);
