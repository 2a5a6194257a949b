import { z } from 'zod';
import type { JobStatus } from '../../../db/schema.ts';
import { enumParam, type ListContext, type ListPage } from './list-definition.ts';
import { afterCursor, cursorKey } from './list-query.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobStatus[];

export const JobFilters = z.object({
  queue: z
    .string()
    .regex(/^[a-z0-9_.:-]{1,100}$/)
    .optional(),
  status: enumParam(JOB_STATUSES).optional(),
});
export type JobFilters = z.infer<typeof JobFilters>;

export interface JobListRow {
  id: number;
  cursor_key: string;
  created_at: Date;
  queue: string;
  status: JobStatus;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  finished_at: Date | null;
}

/** Jobs newest first (created_at, id), through jobs_created_idx. */
export async function listJobs({ db }: ListContext, filters: JobFilters, page: ListPage): Promise<JobListRow[]> {
  return db
    .selectFrom('jobs as j')
    .select([
      'j.id',
      cursorKey('j.created_at', 'timestamptz').as('cursor_key'),
      'j.created_at',
      'j.queue',
      'j.status',
      'j.run_at',
      'j.attempts',
      'j.max_attempts',
      'j.last_error',
      'j.finished_at',
    ])
    .where(afterCursor('j.created_at', 'j.id', 'desc', 'timestamptz', page.after))
    .$if(filters.queue !== undefined, (q) => q.where('j.queue', '=', filters.queue ?? ''))
    .$if(filters.status !== undefined, (q) => q.where('j.status', '=', filters.status as JobStatus))
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(page.limit)
    .execute();
}
