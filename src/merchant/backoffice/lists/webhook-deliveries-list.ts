import { z } from 'zod';
import type { WebhookDeliveryStatus } from '../../../db/schema.ts';
import { enumParam, type ListContext, type ListPage } from './list-definition.ts';
import { afterCursor, cursorKey } from './list-query.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly WebhookDeliveryStatus[];

export const DeliveryFilters = z.object({ status: enumParam(DELIVERY_STATUSES).optional() });
export type DeliveryFilters = z.infer<typeof DeliveryFilters>;

export interface DeliveryListRow {
  id: number;
  cursor_key: string;
  created_at: Date;
  status: WebhookDeliveryStatus;
  event_id: string;
  event_type: string;
  object_id: string;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  endpoint_url: string;
}

/** Webhook deliveries newest first (created_at, id), through webhook_deliveries_created_idx. */
export async function listDeliveries(
  { db }: ListContext,
  filters: DeliveryFilters,
  page: ListPage,
): Promise<DeliveryListRow[]> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select([
      'd.id',
      cursorKey('d.created_at', 'timestamptz').as('cursor_key'),
      'd.created_at',
      'd.status',
      'd.event_id',
      'd.event_type',
      'd.object_id',
      'd.attempts',
      'd.last_response_status',
      'd.last_error',
      'd.delivered_at',
      'w.url as endpoint_url',
    ])
    .where(afterCursor('d.created_at', 'd.id', 'desc', 'timestamptz', page.after))
    .$if(filters.status !== undefined, (q) => q.where('d.status', '=', filters.status as WebhookDeliveryStatus))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit)
    .execute();
}
